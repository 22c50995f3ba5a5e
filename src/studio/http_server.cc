// HttpServer (studio/http.h) on cpp-httplib. Compiled into the library, and on its own
// into the command line's plug-in parley-studio.so; it uses nothing else of parley.
#include <httplib.h>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "studio/http.h"

namespace parley::internal {

namespace {

class Request final : public HttpRequest {
 public:
  explicit Request(const httplib::Request& request) : request_(request) {}
  bool HasHeader(const std::string& name) const override { return request_.has_header(name); }
  std::string Header(const std::string& name) const override {
    return request_.get_header_value(name);
  }
  bool HasParam(const std::string& name) const override { return request_.has_param(name); }
  std::string Param(const std::string& name) const override {
    return request_.get_param_value(name);
  }
  const std::string& Body() const override { return request_.body; }

 private:
  const httplib::Request& request_;
};

// The response moves into ours and back, so that a handler sees what httplib has so far.
HttpResponse Take(httplib::Response& response) {
  HttpResponse ours;
  ours.status = response.status;
  ours.body = std::move(response.body);
  ours.headers.assign(response.headers.begin(), response.headers.end());
  return ours;
}

void Give(HttpResponse& ours, httplib::Response& response) {
  response.status = ours.status;
  response.body = std::move(ours.body);
  response.headers.clear();
  for (auto& [name, value] : ours.headers) response.headers.emplace(name, value);
}

// Runs `call` on our request and response; what it throws goes on to httplib (its
// exception handler) with the response as the call left it.
template <typename Call>
auto Adapt(const httplib::Request& request, httplib::Response& response, Call&& call) {
  const Request ours_request(request);
  HttpResponse ours = Take(response);
  try {
    if constexpr (std::is_void_v<decltype(call(ours_request, ours))>) {
      call(ours_request, ours);
      Give(ours, response);
    } else {
      auto answer = call(ours_request, ours);
      Give(ours, response);
      return answer;
    }
  } catch (...) {
    Give(ours, response);
    throw;
  }
}

httplib::Server::HandlerWithResponse Filter(HttpFilter filter) {
  return
      [filter = std::move(filter)](const httplib::Request& request, httplib::Response& response) {
        return Adapt(request, response, filter) ? httplib::Server::HandlerResponse::Handled
                                                : httplib::Server::HandlerResponse::Unhandled;
      };
}

httplib::Server::Handler Route(HttpHandler handler) {
  return
      [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        Adapt(request, response, handler);
      };
}

class Server final : public HttpServer {
 public:
  explicit Server(HttpRoutes routes) {
    if (routes.pre_routing) http_.set_pre_routing_handler(Filter(std::move(routes.pre_routing)));
    if (routes.payload_max_length > 0) http_.set_payload_max_length(routes.payload_max_length);
    if (routes.error) http_.set_error_handler(Filter(std::move(routes.error)));
    if (routes.exception) {
      http_.set_exception_handler([handler = std::move(routes.exception)](
                                      const httplib::Request& request, httplib::Response& response,
                                      std::exception_ptr error) {
        Adapt(request, response, [&](const HttpRequest& ours_request, HttpResponse& ours) {
          handler(ours_request, ours, error);
        });
      });
    }
    for (auto& [path, handler] : routes.get) http_.Get(path, Route(std::move(handler)));
    for (auto& [path, handler] : routes.post) http_.Post(path, Route(std::move(handler)));
    // httplib's default adds SO_REUSEPORT, with which a second server could share the port
    // of a running one; SO_REUSEADDR alone lets a restart reuse it, and a port in use fails.
    http_.set_socket_options([](socket_t socket) {
      const int on = 1;
      setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    });
  }

  int Bind(const std::string& host, int port) override {
    return port == 0 ? http_.bind_to_any_port(host) : (http_.bind_to_port(host, port) ? port : -1);
  }
  void Listen() override { http_.listen_after_bind(); }
  bool IsRunning() const override { return http_.is_running(); }
  void Stop() override { http_.stop(); }

 private:
  httplib::Server http_;
};

}  // namespace

std::unique_ptr<HttpServer> NewHttpServer(HttpRoutes routes) {
  return std::make_unique<Server>(std::move(routes));
}

}  // namespace parley::internal

extern "C" __attribute__((visibility("default"))) void parley_plugin_new_http_server(
    parley::internal::HttpRoutes* routes, std::unique_ptr<parley::internal::HttpServer>* server) {
  *server = parley::internal::NewHttpServer(std::move(*routes));
}
