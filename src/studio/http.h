// The little of an HTTP server that parley studio needs, so that StudioServer (server.cc)
// does not depend on cpp-httplib: http_server.cc implements it on cpp-httplib. The
// library calls that implementation directly; the command line loads it as the plug-in
// parley-studio.so when `parley studio` starts (apps/parley/plugins.cc), so that its
// start-up does not load cpp-httplib, OpenSSL and brotli for every other command.
//
// The semantics are cpp-httplib's: the pre-routing handler runs before the body is read;
// bodies above the payload limit are refused (413); a request without a route gets 404;
// the error handler sees every answer of status 400 or more that no route gave; the
// exception handler gets what a handler throws. Private to the library.
#ifndef PARLEY_STUDIO_HTTP_H_
#define PARLEY_STUDIO_HTTP_H_

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::internal {

class HttpRequest {
 public:
  virtual ~HttpRequest() = default;
  // Header names are case-insensitive; Header is "" when the header is absent.
  virtual bool HasHeader(const std::string& name) const = 0;
  virtual std::string Header(const std::string& name) const = 0;
  // Query parameters.
  virtual bool HasParam(const std::string& name) const = 0;
  virtual std::string Param(const std::string& name) const = 0;
  virtual const std::string& Body() const = 0;
};

struct HttpResponse {
  int status = -1;  // -1: not set (200 once a route answered)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  // Adds a header (as cpp-httplib's set_header: a second one of a name does not replace).
  void SetHeader(const std::string& name, const std::string& value) {
    headers.emplace_back(name, value);
  }
  // The body and its Content-Type.
  void SetContent(std::string content, const std::string& content_type) {
    body = std::move(content);
    std::erase_if(headers, [](const auto& header) { return header.first == "Content-Type"; });
    headers.emplace_back("Content-Type", content_type);
  }
};

using HttpHandler = std::function<void(const HttpRequest&, HttpResponse&)>;
// Returns whether it answered (true: the request is done).
using HttpFilter = std::function<bool(const HttpRequest&, HttpResponse&)>;

struct HttpRoutes {
  HttpFilter pre_routing;
  HttpFilter error;
  std::function<void(const HttpRequest&, HttpResponse&, std::exception_ptr)> exception;
  std::size_t payload_max_length = 0;
  std::vector<std::pair<std::string, HttpHandler>> get, post;  // path, handler
};

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  // Binds to host:port (0: any free port, SO_REUSEADDR without SO_REUSEPORT); returns the
  // port, or -1 when the address cannot be bound.
  virtual int Bind(const std::string& host, int port) = 0;
  // Serves until Stop(); only after a successful Bind().
  virtual void Listen() = 0;
  virtual bool IsRunning() const = 0;
  virtual void Stop() = 0;
};

// cpp-httplib's server with these routes (http_server.cc; in the command line, the
// plug-in's).
std::unique_ptr<HttpServer> NewHttpServer(HttpRoutes routes);

}  // namespace parley::internal

// The plug-in's entry point (http_server.cc): NewHttpServer(std::move(*routes)) into *server.
extern "C" __attribute__((visibility("default"))) void parley_plugin_new_http_server(
    parley::internal::HttpRoutes* routes, std::unique_ptr<parley::internal::HttpServer>* server);

#endif  // PARLEY_STUDIO_HTTP_H_
