package dev.awm.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Gives the SDK's servlet a request reader of its own for each request. The SDK reads every POST
 * body with {@code getReader()}; Jetty's reader is an 8,192-character {@code BufferedReader} that
 * its request object keeps, and an idle keep-alive connection keeps its last request: with MCP
 * clients that hold a connection each (the SDK's client does), that was about 20 KiB of heap per
 * session doing nothing. This reader has a small buffer and goes with its request.
 */
final class RequestReader extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final int BUFFER_CHARS = 1024;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    chain.doFilter("POST".equals(req.getMethod()) ? new OwnReader(req) : req, res);
  }

  private static final class OwnReader extends HttpServletRequestWrapper {
    private BufferedReader reader;

    OwnReader(HttpServletRequest req) {
      super(req);
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        reader = new BufferedReader(new InputStreamReader(getInputStream(), charset), BUFFER_CHARS);
      }
      return reader;
    }
  }
}
