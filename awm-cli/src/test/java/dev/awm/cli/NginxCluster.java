package dev.awm.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: {@code awm env start} processes with node ids behind an nginx on loopback that
 * routes by the node prefix of {@code Mcp-Session-Id} (the rule docs/kubernetes.md describes).
 */
final class NginxCluster implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/mcp");

  final Path dir;
  final Map<String, Process> nodes = new LinkedHashMap<>();
  final Map<String, Integer> ports = new LinkedHashMap<>();
  int proxyPort;
  private Process nginx;

  NginxCluster(Path dir) {
    this.dir = dir;
  }

  /** The nginx binary, or null when it is not installed. */
  static String nginxBinary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "nginx"))) return Path.of(p, "nginx").toString();
    }
    return null;
  }

  /** Starts {@code awm env start} for each node id (the test classpath's main class) and waits until each serves. */
  void startNodes(List<String> nodeIds, String scenario) throws IOException {
    for (String id : nodeIds) {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), AwmCommand.class.getName(), "env", "start",
          "-s", scenario, "--port", "0", "--node-id", id, "--max-sessions", "2048");
      Process p = new ProcessBuilder(cmd).redirectError(dir.resolve(id + ".err").toFile()).start();
      nodes.put(id, p);
    }
    for (Map.Entry<String, Process> e : nodes.entrySet()) {
      BufferedReader out = new BufferedReader(new InputStreamReader(e.getValue().getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          ports.put(e.getKey(), Integer.parseInt(m.group(1)));
          break;
        }
      }
      if (!ports.containsKey(e.getKey())) {
        throw new IllegalStateException("node " + e.getKey() + " did not start: " + Files.readString(dir.resolve(e.getKey() + ".err")));
      }
      Thread drain = new Thread(() -> drain(out), "drain-" + e.getKey());
      drain.setDaemon(true);
      drain.start();
    }
  }

  /** Writes the nginx configuration for the nodes started and starts nginx in the foreground. */
  void startNginx(String binary) throws IOException, InterruptedException {
    try (ServerSocket s = new ServerSocket(0)) {
      proxyPort = s.getLocalPort();
    }
    Files.writeString(dir.resolve("nginx.conf"), config());
    dir.toFile().setWritable(true, false);
    dir.toFile().setExecutable(true, false);
    nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    for (int i = 0; i < 600 && !listening(); i++) {
      if (!nginx.isAlive()) throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out")) + errorLog());
      Thread.sleep(50);
    }
  }

  private boolean listening() {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxyPort)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String errorLog() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The configuration: a map from the session id's node prefix to that node's upstream; no session id: any node. */
  String config() {
    String d = dir.toString();
    StringBuilder map = new StringBuilder();
    StringBuilder upstreams = new StringBuilder("  upstream mcp_any {\n");
    ports.forEach((id, port) -> upstreams.append("    server 127.0.0.1:").append(port).append(";\n"));
    upstreams.append("    keepalive 16;\n  }\n");
    ports.forEach((id, port) -> {
      map.append("    ~^").append(id).append("\\. mcp_").append(id).append(";\n");
      upstreams.append("  upstream mcp_").append(id).append(" { server 127.0.0.1:").append(port).append("; keepalive 16; }\n");
    });
    return """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          client_body_temp_path %1$s/tmp-body;
          proxy_temp_path %1$s/tmp-proxy;
          fastcgi_temp_path %1$s/tmp-fastcgi;
          uwsgi_temp_path %1$s/tmp-uwsgi;
          scgi_temp_path %1$s/tmp-scgi;
          map $http_mcp_session_id $mcp_upstream {
            default mcp_any;
        %2$s  }
        %3$s
          server {
            listen 127.0.0.1:%4$d;
            client_max_body_size 4m;
            location /mcp {
              proxy_pass http://$mcp_upstream;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $http_host;
              proxy_buffering off;
              proxy_read_timeout 1h;
              error_page 502 504 = @node_gone;
            }
            location @node_gone {
              default_type application/json;
              if ($http_mcp_session_id = "") {
                return 503 '{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"no MCP server is reachable; try again later"}}';
              }
              return 404 '{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"no live MCP session with this id: its node is gone; send initialize to start a new session"}}';
            }
          }
        }
        """.formatted(d, map, upstreams, proxyPort);
  }

  /** Stops one node as an operator would (SIGTERM: it closes its sessions) and waits for it to exit. */
  void stop(String nodeId) throws InterruptedException {
    Process p = nodes.get(nodeId);
    p.destroy();
    p.waitFor();
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard: the node's stdout after its start line
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<Process> all = new ArrayList<>(nodes.values());
    if (nginx != null) all.add(nginx);
    for (Process p : all) p.destroy();
    for (Process p : all) {
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }
}
