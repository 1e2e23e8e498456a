package dev.awm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmConfigTest {
  @Test
  void readsTheReferenceImplementationsVariables() {
    LlmConfig c = LlmConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-1", "OPENAI_BASE_URL", "http://127.0.0.1:8000/v1",
        "AWM_SYN_OVERRIDE_MODEL", "Snowflake/Arctic-AWM-4B", "EMBEDDING_OPENAI_API_KEY", "emb"));
    assertThat(c.provider()).isEqualTo(LlmConfig.Provider.OPENAI);
    assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
    assertThat(c.model()).isEqualTo("Snowflake/Arctic-AWM-4B");
    assertThat(c.embeddingApiKey()).isEqualTo("emb");

    LlmConfig azure = LlmConfig.fromEnvironment(Map.of("AWM_SYN_LLM_PROVIDER", "azure", "AZURE_ENDPOINT_URL", "https://x.openai.azure.com/",
        "AZURE_OPENAI_API_KEY", "k", "AWM_SYN_OVERRIDE_MODEL", "gpt-5"));
    assertThat(azure.provider()).isEqualTo(LlmConfig.Provider.AZURE);
    assertThat(azure.azureEndpoint()).isEqualTo("https://x.openai.azure.com/");
    assertThat(LlmConfig.configuredIn(Map.of())).isFalse();
    assertThat(LlmConfig.configuredIn(Map.of("OPENAI_API_KEY", "x"))).isTrue();
  }

  @Test
  void aMissingKeyOrModelNamesTheVariable() {
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("AWM_SYN_OVERRIDE_MODEL", "m")))
        .isInstanceOf(LlmException.class).hasMessageStartingWith("OPENAI_API_KEY is not set");
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "k")))
        .hasMessageStartingWith("AWM_SYN_OVERRIDE_MODEL is not set");
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("AWM_SYN_LLM_PROVIDER", "azure", "AZURE_OPENAI_API_KEY", "k")))
        .hasMessageStartingWith("AZURE_ENDPOINT_URL is not set");
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("AWM_SYN_LLM_PROVIDER", "anthropic")))
        .hasMessageContaining("AWM_SYN_LLM_PROVIDER is 'anthropic'");
    OpenAiClient noEmbeddingKey = OpenAiClient.create(LlmConfig.builder().model("m").build());
    assertThatThrownBy(() -> noEmbeddingKey.embed(java.util.List.of("x"))).hasMessageStartingWith("EMBEDDING_OPENAI_API_KEY is not set");
    noEmbeddingKey.close();
  }
}
