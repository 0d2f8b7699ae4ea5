package io.fabula.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.fabula.app.config.AuthConfig;
import io.fabula.app.config.AdmissionConfig;
import io.fabula.app.config.CommandsConfig;
import io.fabula.app.config.DevServersConfig;
import io.fabula.app.config.FlowConfig;
import io.fabula.app.config.EmbeddingsConfig;
import io.fabula.app.config.StoryConfig;
import io.fabula.app.config.KafkaConfig;
import io.fabula.app.config.LlmConfig;
import io.fabula.app.config.MilvusConfig;
import io.fabula.app.config.Neo4jConfig;
import io.fabula.app.config.OutboxRelayConfig;
import io.fabula.app.config.PostgresConfig;
import io.fabula.app.config.ProbesConfig;
import io.fabula.app.config.RedisConfig;
import io.fabula.app.config.NotificationsConfig;
import io.fabula.app.config.SmtpConfig;
import io.fabula.app.config.SwitchesConfig;
import io.fabula.app.config.BudgetConfig;
import io.fabula.app.config.SseConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;

/**
 * Everything Fabula reads from its YAML file, one record per concern, on top of Dropwizard's own
 * sections ({@code server}, {@code logging}, {@code metrics}, ...).
 *
 * <p>Every key is required unless documented otherwise: a missing or invalid value stops start-up with
 * a message naming the key (e.g. {@code redis.maxConnections must be greater than or equal to 1}).
 * Secrets and production endpoints come from environment variables ({@code ${NAME}} in the file).
 */
public class FabulaConfiguration extends Configuration {

    @Valid @NotNull @JsonProperty
    private PostgresConfig postgres;

    @Valid @NotNull @JsonProperty
    private KafkaConfig kafka;

    @Valid @NotNull @JsonProperty
    private RedisConfig redis;

    @Valid @NotNull @JsonProperty
    private Neo4jConfig neo4j;

    @Valid @NotNull @JsonProperty
    private MilvusConfig milvus;

    @Valid @NotNull @JsonProperty
    private ProbesConfig probes;

    @Valid @NotNull @JsonProperty
    private CommandsConfig commands;

    @Valid @NotNull @JsonProperty
    private LlmConfig llm;

    /** Only the {@code dev} command needs it; production files leave it out. */
    @Valid @JsonProperty
    private DevServersConfig devServers;

    @Valid @NotNull @JsonProperty
    private SmtpConfig smtp;

    @Valid @NotNull @JsonProperty
    private NotificationsConfig notifications;

    @Valid @NotNull @JsonProperty
    private OutboxRelayConfig relay;

    @Valid @NotNull @JsonProperty
    private FlowConfig flow;

    @Valid @NotNull @JsonProperty
    private EmbeddingsConfig embeddings;

    @Valid @NotNull @JsonProperty
    private StoryConfig story;

    @Valid @NotNull @JsonProperty
    private SwitchesConfig switches;

    @Valid @NotNull @JsonProperty
    private BudgetConfig budget;

    public SwitchesConfig switches() {
        return switches;
    }

    @Valid @NotNull @JsonProperty
    private AuthConfig auth;

    public AuthConfig auth() {
        return auth;
    }

    public BudgetConfig budget() {
        return budget;
    }

    @Valid @NotNull @JsonProperty
    private SseConfig sse;

    @Valid @NotNull @JsonProperty
    private AdmissionConfig admission;

    public SseConfig sse() {
        return sse;
    }

    public AdmissionConfig admission() {
        return admission;
    }

    public PostgresConfig postgres() {
        return postgres;
    }

    public KafkaConfig kafka() {
        return kafka;
    }

    public RedisConfig redis() {
        return redis;
    }

    public Neo4jConfig neo4j() {
        return neo4j;
    }

    public MilvusConfig milvus() {
        return milvus;
    }

    public ProbesConfig probes() {
        return probes;
    }

    public CommandsConfig commands() {
        return commands;
    }

    public LlmConfig llm() {
        return llm;
    }

    public SmtpConfig smtp() {
        return smtp;
    }

    public NotificationsConfig notifications() {
        return notifications;
    }

    public OutboxRelayConfig relay() {
        return relay;
    }

    public FlowConfig flow() {
        return flow;
    }

    public EmbeddingsConfig embeddings() {
        return embeddings;
    }

    public StoryConfig story() {
        return story;
    }

    public Optional<DevServersConfig> devServers() {
        return Optional.ofNullable(devServers);
    }
}
