package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.fabula.adapters.out.llm.OfflineTextGenerator;
import io.fabula.adapters.out.llm.OpenAiTextGenerator;
import io.fabula.app.config.AuthConfig;
import io.fabula.app.config.LlmConfig;
import io.fabula.app.config.SmtpConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FabulaConfigurationTest {

    private static final Map<String, String> PRODUCTION_ENVIRONMENT = Map.ofEntries(
            entry("FABULA_POSTGRES_URL", "jdbc:postgresql://db.internal:5432/fabula"),
            entry("FABULA_POSTGRES_USER", "fabula"),
            entry("FABULA_POSTGRES_PASSWORD", "pg: secret # with yaml characters"),
            entry("FABULA_KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092,kafka-1:9092"),
            entry("FABULA_REDIS_HOST", "redis.internal"),
            entry("FABULA_REDIS_PASSWORD", "redis-secret"),
            entry("FABULA_NEO4J_URI", "neo4j://neo4j.internal:7687"),
            entry("FABULA_NEO4J_USER", "neo4j"),
            entry("FABULA_NEO4J_PASSWORD", "neo4j-secret"),
            entry("FABULA_MILVUS_URI", "https://milvus.internal:19530"),
            entry("FABULA_MILVUS_TOKEN", "root:Milvus"),
            entry("FABULA_LLM_API_KEY", "sk-prod-secret"),
            entry("FABULA_SMTP_HOST", "smtp.internal"),
            entry("FABULA_SMTP_USERNAME", "fabula-mailer"),
            entry("FABULA_SMTP_PASSWORD", "smtp: secret # with yaml characters"),
            entry("FABULA_JWT_SECRET", "jwt-secret-of-production-at-least-32-characters"),
            entry("FABULA_PUBLIC_URL", "https://fabula.example/"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"config.yml", "config-dev.yml", "config-test.yml"})
    void every_shipped_configuration_file_binds_and_validates(String file) throws Exception {
        FabulaConfiguration config = ConfigFiles.bind(RepoFiles.file(file));

        assertThat(config.milvus().collection()).isEqualTo("novel_embeddings");
        assertThat(config.milvus().dimension()).isEqualTo(384);
        assertThat(config.probes().deadline()).isLessThanOrEqualTo(Duration.seconds(3));
        assertThat(config.commands().limits().maxTextLength()).isEqualTo(10_000);
        assertThat(config.notifications().settings().breakerThreshold()).as("SPEC §8: more than 3 SMTP failures").isEqualTo(3);
    }

    @Test
    void the_defaults_carry_the_pool_sizes_of_the_specification() throws Exception {
        FabulaConfiguration config = ConfigFiles.bind(RepoFiles.file("config.yml"));

        DataSourceFactory pool = config.postgres().dataSourceFactory();
        assertThat(pool.getMinSize()).isEqualTo(10);
        assertThat(pool.getMaxSize()).isEqualTo(100);
        assertThat(pool.getMinIdleTime()).isEqualTo(Duration.seconds(300));
        assertThat(config.redis().minConnections()).isEqualTo(5);
        assertThat(config.redis().maxConnections()).isEqualTo(50);
    }

    @Test
    void production_signs_access_tokens_with_the_key_from_the_environment_and_never_logs_it() throws Exception {
        AuthConfig auth = ConfigFiles.bind(RepoFiles.file("config-prod.yml"), PRODUCTION_ENVIRONMENT).auth();

        assertThat(auth.jwtSecret()).isEqualTo("jwt-secret-of-production-at-least-32-characters");
        assertThat(auth.accessTokenLifetime()).isEqualTo(Duration.hours(24));
        assertThat(auth.refreshTokenLifetime()).isEqualTo(Duration.days(30));
        assertThat(auth.toString()).doesNotContain(auth.jwtSecret());
    }

    @Test
    void production_takes_every_endpoint_and_secret_from_the_environment() throws Exception {
        FabulaConfiguration config = ConfigFiles.bind(RepoFiles.file("config-prod.yml"), PRODUCTION_ENVIRONMENT);

        assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://db.internal:5432/fabula");
        assertThat(config.postgres().password()).isEqualTo("pg: secret # with yaml characters");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
        assertThat(config.redis().host()).isEqualTo("redis.internal");
        assertThat(config.redis().port()).isEqualTo(6379);
        assertThat(config.neo4j().password()).isEqualTo("neo4j-secret");
        assertThat(config.milvus().token()).isEqualTo("root:Milvus");
        assertThat(config.devServers()).isEmpty();
        assertThat(config.postgres().minConnections()).isEqualTo(10);
        assertThat(config.postgres().maxConnections()).isEqualTo(100);
    }

    @Test
    void production_always_asks_an_openai_compatible_model_and_takes_its_key_from_the_environment() throws Exception {
        Map<String, String> environment = new HashMap<>(PRODUCTION_ENVIRONMENT);
        environment.put("FABULA_LLM_PROVIDER", "offline"); // no variable can switch production to the offline generator

        LlmConfig llm = ConfigFiles.bind(RepoFiles.file("config-prod.yml"), environment).llm();

        assertThat(llm.provider()).isEqualTo(LlmConfig.Provider.OPENAI);
        assertThat(llm.apiKey()).isEqualTo("sk-prod-secret");
        assertThat(llm.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(llm.toString()).doesNotContain("sk-prod-secret");
        assertThat(FabulaApplication.textGenerator(llm)).isInstanceOf(OpenAiTextGenerator.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"config-dev.yml", "config-test.yml"})
    void dev_and_tests_generate_offline(String file) throws Exception {
        LlmConfig llm = ConfigFiles.bind(RepoFiles.file(file)).llm();

        assertThat(llm.provider()).isEqualTo(LlmConfig.Provider.OFFLINE);
        assertThat(FabulaApplication.textGenerator(llm)).isInstanceOf(OfflineTextGenerator.class);
    }

    @Test
    void production_sends_mail_over_verified_starttls_with_the_password_from_the_environment_and_never_logs_it()
            throws Exception {
        SmtpConfig smtp = ConfigFiles.bind(RepoFiles.file("config-prod.yml"), PRODUCTION_ENVIRONMENT).smtp();

        assertThat(smtp.host()).isEqualTo("smtp.internal");
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.tls()).isEqualTo(SmtpConfig.Tls.STARTTLS);
        assertThat(smtp.trustedHosts()).isEmpty();
        assertThat(smtp.settings().password()).isEqualTo("smtp: secret # with yaml characters");
        assertThat(smtp.toString()).doesNotContain("smtp: secret");
        assertThat(smtp.settings().toString()).doesNotContain("smtp: secret");
    }

    @Test
    void the_defaults_never_generate_offline() throws Exception {
        assertThat(ConfigFiles.bind(RepoFiles.file("config.yml")).llm().provider()).isEqualTo(LlmConfig.Provider.OPENAI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FABULA_POSTGRES_PASSWORD", "FABULA_KAFKA_BOOTSTRAP_SERVERS", "FABULA_MILVUS_TOKEN", "FABULA_LLM_API_KEY",
            "FABULA_SMTP_HOST"})
    void production_refuses_to_start_without_a_variable_and_names_it(String missing) {
        Map<String, String> environment = new HashMap<>(PRODUCTION_ENVIRONMENT);
        environment.remove(missing);

        assertThatThrownBy(() -> ConfigFiles.bind(RepoFiles.file("config-prod.yml"), environment))
                .hasMessageContaining(missing);
    }

    /** One edit of config-dev.yml and the message it must produce. */
    record BadValue(String what, String original, String replacement, String expectedMessage) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BadValue> bad_values() {
        return Stream.of(
                new BadValue("a missing value", "  minConnections: 1\n  maxConnections: 20\n", "  maxConnections: 20\n",
                        "redis.minConnections must not be null"),
                new BadValue("a value out of range", "  port: 16379\n", "  port: 0\n",
                        "redis.port must be greater than or equal to 1"),
                new BadValue("an inverted pool range", "  minConnections: 2 ", "  minConnections: 50 ",
                        "postgres.maxConnections must not be below postgres.minConnections"),
                new BadValue("a malformed duration", "  idleTimeout: 300s\n", "  idleTimeout: five minutes\n",
                        "postgres.idleTimeout"),
                new BadValue("a wrong scheme", "  uri: bolt://127.0.0.1:17687\n", "  uri: http://127.0.0.1:17687\n",
                        "neo4j.uri must be a bolt:// or neo4j:// URI"),
                new BadValue("a misspelt key", "  collection: novel_embeddings\n", "  colection: novel_embeddings\n",
                        "milvus.colection"),
                new BadValue("a blank name", "  collection: novel_embeddings\n", "  collection: \"\"\n",
                        "milvus.collection must not be blank"),
                new BadValue("a missing section", "probes:\n  deadline: 3s\n", "",
                        "probes must not be null"),
                new BadValue("a text limit above the domain's ceiling", "  maxTextLength: 10000\n", "  maxTextLength: 20000\n",
                        "commands.maxTextLength must be less than or equal to 10000"),
                new BadValue("an unknown LLM provider", "  provider: offline ", "  provider: magic ",
                        "llm.provider"),
                new BadValue("an LLM endpoint that is not http", "  baseUrl: http://127.0.0.1:11434/v1",
                        "  baseUrl: ftp://127.0.0.1/v1", "llm.baseUrl must be an http:// or https:// URL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad_values")
    void a_bad_or_missing_value_is_reported_by_its_key(BadValue bad) {
        Path file = ConfigFiles.devConfigWith(dir, bad.original(), bad.replacement());

        assertThatThrownBy(() -> ConfigFiles.bind(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(bad.expectedMessage());
    }
}
