package dev.runlab.model.http;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Locale;

/** {@code HTTPS_PROXY} / {@code HTTP_PROXY} / {@code NO_PROXY} from the environment. */
final class Proxies {
  private Proxies() {}

  static ProxySelector fromEnvironment(URI endpoint) {
    String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
      return NO_PROXY;
    }
    String noProxy = env("NO_PROXY");
    if (noProxy != null) {
      for (String entry : noProxy.split(",")) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.equals("*")
            || (!e.isEmpty()
                && (host.equals(e) || host.endsWith(e.startsWith(".") ? e : "." + e)))) {
          return NO_PROXY;
        }
      }
    }
    String proxy = "https".equals(endpoint.getScheme()) ? env("HTTPS_PROXY") : env("HTTP_PROXY");
    if (proxy == null || proxy.isBlank()) {
      ProxySelector system = ProxySelector.getDefault();
      return system == null ? NO_PROXY : system;
    }
    URI uri = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    return ProxySelector.of(new InetSocketAddress(uri.getHost(), port));
  }

  private static final ProxySelector NO_PROXY = ProxySelector.of(null);

  private static String env(String name) {
    String v = System.getenv(name);
    return v != null ? v : System.getenv(name.toLowerCase(Locale.ROOT));
  }
}
