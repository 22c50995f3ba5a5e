// StudioServer: parley studio's local HTTP server (parley/studio.h), on cpp-httplib through
// studio/http.h. The checks and routes are those of docs/studio.md; the work is
// StudioSession's.
//
// Order of the checks: Host, Origin and token run in httplib's pre-routing handler, which
// httplib calls before it reads a body, so a refused request costs nothing and its body is
// never read; then httplib refuses a body above the payload limit (413); then the routes
// (404 for anything else) and, in the POST routes, the content type (415).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "parley/errors.h"
#include "parley/studio.h"
#include "report/assets.h"
#include "studio/assets.h"
#include "studio/http.h"

namespace parley {

namespace {

using internal::HttpRequest;
using internal::HttpResponse;
using nlohmann::ordered_json;

constexpr std::size_t kMaxBodyBytes = 1u << 20;  // 1 MiB

// Compares in time that depends on the lengths only, so that the time taken does not say
// how much of a guess was right.
bool SameToken(const std::string& given, const std::string& token) {
  if (token.empty()) return false;
  unsigned char difference = given.size() == token.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ token[i % token.size()]);
  }
  return difference == 0;
}

void Answer(HttpResponse& response, int status, ordered_json body) {
  response.status = status;
  response.SetContent(body.dump(), "application/json");
}

void Refuse(HttpResponse& response, int status, const std::string& message) {
  Answer(response, status, {{"error", message}});
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError({}, "PARLEY_STUDIO_WEB_DIR", "cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The page: index.html with each marker line replaced by the file it names, inlined.
std::string PageHtml() {
  std::string html, css, js;
  if (const char* folder = std::getenv("PARLEY_STUDIO_WEB_DIR"); folder && *folder) {
    html = ReadTextFile(std::string(folder) + "/index.html");
    css = ReadTextFile(std::string(folder) + "/studio.css");
    js = ReadTextFile(std::string(folder) + "/studio.js");
  } else {
    html = internal::StudioIndexHtml();
    css = internal::StudioCss();
    js = internal::StudioJs();
  }
  const std::pair<std::string, std::string> markers[] = {
      {"<!--parley:studio.css-->", "<style>\n" + css + "\n</style>"},
      {"<!--parley:vega-->", internal::InlineScript(internal::VegaJs(), "vega")},
      {"<!--parley:vega-lite-->", internal::InlineScript(internal::VegaLiteJs(), "vega-lite")},
      {"<!--parley:vega-embed-->", internal::InlineScript(internal::VegaEmbedJs(), "vega-embed")},
      {"<!--parley:studio.js-->", internal::InlineScript(js, "studio")},
  };
  std::string page;
  std::istringstream lines(html);
  for (std::string line; std::getline(lines, line);) {
    std::string trimmed = line;
    trimmed.erase(0, trimmed.find_first_not_of(" \t"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r") + 1);
    bool replaced = false;
    for (const auto& [marker, content] : markers) {
      if (trimmed == marker) {
        page += content + "\n";
        replaced = true;
        break;
      }
    }
    if (!replaced) page += line + "\n";
  }
  return page;
}

// The values a Host header may have: the loopback names, and the --host value.
std::vector<std::string> AllowedHosts(const std::string& host, int port) {
  const std::string suffix = ":" + std::to_string(port);
  std::vector<std::string> hosts = {"127.0.0.1" + suffix, "localhost" + suffix, "[::1]" + suffix};
  hosts.push_back((host.find(':') != std::string::npos ? "[" + host + "]" : host) + suffix);
  return hosts;
}

bool IsJsonContentType(const std::string& content_type) {
  std::string media_type = content_type.substr(0, content_type.find(';'));
  media_type.erase(media_type.find_last_not_of(" \t") + 1);
  for (char& c : media_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media_type == "application/json";
}

}  // namespace

struct StudioServer::Impl {
  StudioSession& session;
  std::string token;
  std::vector<std::string> allowed_hosts;
  std::unique_ptr<internal::HttpServer> http;
  // Stop() may come before Run() has started listening (a signal right at the start):
  // then Run() must not start, or Stop() must wait until httplib can be stopped.
  std::mutex run_mutex;
  bool stop_requested = false;
  std::atomic<bool> in_run{false};

  Impl(StudioSession& session, std::string token) : session(session), token(std::move(token)) {}

  // Host, Origin and token; true when the request is refused (and answered).
  bool Check(const HttpRequest& request, HttpResponse& response) const {
    const auto allowed = [&](const std::string& host) {
      return std::find(allowed_hosts.begin(), allowed_hosts.end(), host) != allowed_hosts.end();
    };
    std::string refusal;
    if (!allowed(request.Header("Host"))) {
      refusal = "the Host header is not this studio's address";
    } else if (request.HasHeader("Origin") && !(request.Header("Origin").rfind("http://", 0) == 0 &&
                                                allowed(request.Header("Origin").substr(7)))) {
      refusal = "requests from other sites are refused";
    } else {
      const std::string given =
          request.HasParam("token") ? request.Param("token") : request.Header("X-Parley-Token");
      if (!SameToken(given, token)) refusal = "missing or wrong token";
    }
    if (refusal.empty()) return false;
    Refuse(response, 403, refusal);
    // The body is not read: the connection cannot serve another request.
    response.SetHeader("Connection", "close");
    return true;
  }

  // A POST route: a JSON body, parsed; refusals of the session become their statuses.
  static std::pair<std::string, internal::HttpHandler> Post(
      const std::string& path, std::function<void(const ordered_json&, HttpResponse&)> handler) {
    return {path, [handler](const HttpRequest& request, HttpResponse& response) {
              if (!IsJsonContentType(request.Header("Content-Type"))) {
                Refuse(response, 415, "POST bodies must be Content-Type: application/json");
                return;
              }
              const ordered_json body = ordered_json::parse(request.Body(), nullptr, false);
              if (body.is_discarded() || !body.is_object()) {
                Refuse(response, 422, "the body is not a JSON object");
                return;
              }
              try {
                handler(body, response);
              } catch (const StudioRefusal& refusal) {
                ordered_json answer = {{"error", refusal.what()}};
                if (refusal.kind() == StudioRefusal::Kind::kInvalid) {
                  answer["field"] = refusal.field();
                }
                if (refusal.exists()) answer["exists"] = true;
                Answer(response, refusal.kind() == StudioRefusal::Kind::kInvalid ? 422 : 409,
                       std::move(answer));
              }
            }};
  }

  static void State(HttpResponse& response, const std::string& state) {
    response.SetContent(state, "application/json");
  }

  internal::HttpRoutes Routes() {
    internal::HttpRoutes routes;
    routes.pre_routing = [this](const HttpRequest& request, HttpResponse& response) {
      return Check(request, response);
    };
    routes.payload_max_length = kMaxBodyBytes;
    // httplib's own refusals (404, 413, 400) get a JSON body too.
    routes.error = [](const HttpRequest&, HttpResponse& response) {
      if (!response.body.empty()) return false;
      const std::string message = response.status == 404   ? "no such route"
                                  : response.status == 413 ? "the body is larger than 1 MiB"
                                                           : "the request was refused";
      Refuse(response, response.status, message);
      return true;
    };
    routes.exception = [](const HttpRequest&, HttpResponse& response, std::exception_ptr error) {
      std::string message = "internal error";
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& exception) {
        message = std::string("internal error (please report): ") + exception.what();
      } catch (...) {
      }
      Refuse(response, 500, message);
    };

    routes.get.emplace_back("/", [](const HttpRequest&, HttpResponse& response) {
      try {
        response.SetContent(PageHtml(), "text/html; charset=utf-8");
      } catch (const InputError& error) {
        Refuse(response, 500, error.what());
      }
    });
    routes.get.emplace_back("/api/analysis", [this](const HttpRequest&, HttpResponse& response) {
      response.SetContent(session.Analysis(), "application/json");
    });
    routes.get.emplace_back("/api/state", [this](const HttpRequest&, HttpResponse& response) {
      State(response, session.StateJson());
    });
    routes.post.push_back(
        Post("/api/edit", [this](const ordered_json& body, HttpResponse& response) {
          if (!body.contains("edits"))
            throw StudioRefusal(StudioRefusal::Kind::kInvalid, "the body has no \"edits\"");
          State(response, session.Apply(body["edits"].dump()));
        }));
    routes.post.push_back(Post("/api/undo", [this](const ordered_json&, HttpResponse& response) {
      State(response, session.Undo());
    }));
    routes.post.push_back(Post("/api/redo", [this](const ordered_json&, HttpResponse& response) {
      State(response, session.Redo());
    }));
    routes.post.push_back(
        Post("/api/models", [this](const ordered_json& body, HttpResponse& response) {
          std::vector<std::string> models;
          if (body.contains("models") && body["models"].is_array()) {
            for (const ordered_json& spec : body["models"]) {
              if (!spec.is_string()) break;
              models.push_back(spec.get<std::string>());
            }
          }
          if (!body.contains("models") || models.size() != body["models"].size()) {
            throw StudioRefusal(StudioRefusal::Kind::kInvalid,
                                "\"models\" must be an array of model specs", "models");
          }
          State(response, session.SetModels(models));
        }));
    routes.post.push_back(
        Post("/api/save", [this](const ordered_json& body, HttpResponse& response) {
          if (!body.contains("path") || !body["path"].is_string()) {
            throw StudioRefusal(StudioRefusal::Kind::kInvalid, "\"path\" must be a string", "path");
          }
          const bool overwrite = body.contains("overwrite") && body["overwrite"] == true;
          Answer(response, 200,
                 {{"saved", session.SaveYaml(body["path"].get<std::string>(), overwrite)}});
        }));
    routes.post.push_back(Post("/api/store", [this](const ordered_json&, HttpResponse& response) {
      const std::int64_t run = session.StoreRun();
      Answer(response, 200, {{"run", run}, {"store", session.StoreUri()}});
    }));
    return routes;
  }
};

StudioServer::StudioServer(StudioSession& session, const std::string& host, int port,
                           const std::string& token)
    : impl_(std::make_unique<Impl>(session, token)) {
  impl_->http = internal::NewHttpServer(impl_->Routes());
  port_ = impl_->http->Bind(host, port);
  if (port_ < 0) {
    throw InputError({}, "--port",
                     "cannot listen on " + host + ":" + std::to_string(port) +
                         " (in use, or not an address of this machine); choose another "
                         "--port (0 takes any free one)");
  }
  impl_->allowed_hosts = AllowedHosts(host, port_);
}

StudioServer::~StudioServer() { Stop(); }

void StudioServer::Run() {
  {
    const std::lock_guard lock(impl_->run_mutex);
    if (impl_->stop_requested) return;
    impl_->in_run = true;
  }
  impl_->http->Listen();
  impl_->in_run = false;
}

void StudioServer::Stop() {
  {
    const std::lock_guard lock(impl_->run_mutex);
    impl_->stop_requested = true;
  }
  while (impl_->in_run && !impl_->http->IsRunning()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->http->Stop();
}

std::string NewStudioToken() {
  std::random_device device;
  std::string token;
  for (int byte = 0; byte < 24; ++byte) {
    static constexpr char kHex[] = "0123456789abcdef";
    const unsigned value = device() & 0xffu;
    token += kHex[value >> 4];
    token += kHex[value & 0xfu];
  }
  return token;
}

}  // namespace parley
