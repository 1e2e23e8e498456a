package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.awm.embeddings.MiniLmEmbeddings;
import dev.awm.mcp.McpEnvironmentServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * awm-mcp and awm-embeddings from a named module on the module path: in this JVM (where surefire
 * puts the jars the descriptors name on the module path, and the dependencies of automatic modules,
 * such as ONNX Runtime, on the class path), and in a JVM started with every jar on the module path.
 */
class ServedModulesTest {
  /** Whether the module path gave the boot layer the module {@code name}, holding {@code pkg}. */
  private static boolean inBootLayer(String name, String pkg) {
    return ModuleLayer.boot().findModule(name).map(m -> m.getPackages().contains(pkg)).orElse(false);
  }

  @Test
  void anEnvironmentServedOverMcpIsCalledWithTheSdkClient() {
    Module mcp = McpEnvironmentServer.class.getModule();
    assertEquals("dev.awm.mcp", mcp.getName());
    assertTrue(mcp.isExported("dev.awm.mcp", Served.class.getModule()));
    assertTrue(inBootLayer("io.modelcontextprotocol.sdk.mcp.core", "io.modelcontextprotocol.client"), "the SDK's client is a module");
    assertTrue(inBootLayer("org.eclipse.jetty.server", "org.eclipse.jetty.server"), "Jetty is a module");
    assertTrue(inBootLayer("jakarta.servlet", "jakarta.servlet.http"), "the servlet API is a module");
    Served.Remote remote = Served.starterOverMcp();
    assertTrue(remote.tools().contains("get_product"), remote.tools().toString());
    assertFalse(remote.result().isError(), remote.result().toString());
    assertTrue(remote.result().content().contains("Aurora X2 Wireless Headphones"), remote.result().content());
  }

  @Test
  void theInProcessModelEmbedsTwoTexts() {
    assertEquals("dev.awm.embeddings", MiniLmEmbeddings.class.getModule().getName());
    // an automatic module (LangChain4j names no modules: README): it reads LangChain4j wherever it is
    assertTrue(MiniLmEmbeddings.class.getModule().getDescriptor().isAutomatic(), "dev.awm.embeddings is an automatic module");
    List<float[]> v = Served.embed(List.of("A shop that sells headphones.", "An online store for audio gear."));
    assertEquals(2, v.size());
    double dot = 0;
    for (int k = 0; k < 2; k++) {
      float[] x = v.get(k);
      assertEquals(MiniLmEmbeddings.DIMENSIONS, x.length);
      double norm = 0;
      for (float f : x) norm += f * f;
      assertEquals(1.0, norm, 1e-3, "unit length");
    }
    for (int i = 0; i < MiniLmEmbeddings.DIMENSIONS; i++) dot += v.get(0)[i] * v.get(1)[i];
    assertTrue(dot > 0.3 && dot < 0.999, "two related but different texts: cosine " + dot);
  }

  @Test
  void everyJarOnTheModulePath() throws Exception {
    String modulePath = System.getProperty("consumer.classes") + File.pathSeparator
        + Files.readString(Path.of(System.getProperty("consumer.runtimePath"))).strip();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath, "-m", "consumer/consumer.Main")
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    // a guard against a JVM that never exits (a thread left running), not a measure of speed
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      fail("consumer.Main had not exited after 5 minutes; its output: " + output.get());
    }
    String out = output.get();
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("call: {\"id\":1,\"sku\":\"AUR-X2\",\"name\":\"Aurora X2 Wireless Headphones\""), out);
    assertTrue(out.contains("vectors: 2 x " + MiniLmEmbeddings.DIMENSIONS), out);
  }
}
