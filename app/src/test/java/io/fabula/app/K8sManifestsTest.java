package io.fabula.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ops/k8s (SPEC §7, §10): parsed and checked against the numbers the seed binds us to. */
class K8sManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoFiles.file("ops/k8s/service.yml").getParent())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                JsonNode manifest = YAML.readTree(file.toFile());
                assertThat(manifest.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
                assertThat(manifest.path("kind").asText()).as(file + " kind").isNotBlank();
                assertThat(manifest.path("metadata").path("name").asText()).as(file + " name").isNotBlank();
                all.add(manifest);
            }
        }
        return all;
    }

    private static JsonNode one(String kind, String name) throws IOException {
        return manifests().stream()
                .filter(m -> m.get("kind").asText().equals(kind) && m.get("metadata").get("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in ops/k8s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "worker", "relay"})
    void each_role_has_a_deployment_with_the_seed_resources_probes_config_and_a_disruption_budget(String role)
            throws IOException {
        JsonNode deployment = one("Deployment", "fabula-" + role);
        JsonNode labels = deployment.at("/spec/template/metadata/labels");
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(labels);
        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/args/0").asText()).isEqualTo(role);
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("500m");
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("512Mi");
        assertThat(container.at("/resources/limits/cpu").asText()).isEqualTo("2000m");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("2Gi");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isNotBlank();
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/healthcheck");
        Set<String> envFrom = new HashSet<>();
        container.get("envFrom").forEach(source -> envFrom.add(source.has("configMapRef")
                ? "ConfigMap/" + source.at("/configMapRef/name").asText() : "Secret/" + source.at("/secretRef/name").asText()));
        assertThat(envFrom).containsExactlyInAnyOrder("ConfigMap/fabula-config", "Secret/fabula-secrets");
        one("ConfigMap", "fabula-config");
        one("Secret", "fabula-secrets");

        JsonNode pdb = one("PodDisruptionBudget", "fabula-" + role);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(labels);
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "worker"})
    void the_autoscalers_run_2_to_10_replicas_at_70_percent_cpu_and_80_percent_memory(String role) throws IOException {
        JsonNode hpa = one("HorizontalPodAutoscaler", "fabula-" + role);
        assertThat(hpa.get("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("fabula-" + role);
        one("Deployment", "fabula-" + role);
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
        assertThat(hpa.at("/spec/metrics/1/resource/name").asText()).isEqualTo("memory");
        assertThat(hpa.at("/spec/metrics/1/resource/target/averageUtilization").asInt()).isEqualTo(80);
    }

    @Test
    void the_service_reaches_the_servers_api_and_admin_ports() throws IOException {
        JsonNode service = one("Service", "fabula");
        assertThat(service.at("/spec/selector")).isEqualTo(one("Deployment", "fabula-server").at("/spec/template/metadata/labels"));
        List<String> targets = new ArrayList<>();
        service.at("/spec/ports").forEach(port -> targets.add(port.get("targetPort").asText()));
        assertThat(targets).containsExactlyInAnyOrder("http", "admin");
    }

    @Test
    void every_variable_config_prod_requires_is_set_by_the_config_map_or_the_secret() throws IOException {
        Set<String> provided = new HashSet<>();
        one("ConfigMap", "fabula-config").get("data").fieldNames().forEachRemaining(provided::add);
        one("Secret", "fabula-secrets").get("stringData").fieldNames().forEachRemaining(provided::add);
        Matcher required = Pattern.compile("\\$\\{(FABULA_[A-Z0-9_]+)}").matcher(Files.readString(RepoFiles.file("config-prod.yml")));
        Set<String> requiredNames = new HashSet<>();
        while (required.find()) {
            requiredNames.add(required.group(1));
        }
        assertThat(requiredNames).isNotEmpty();
        assertThat(provided).containsAll(requiredNames);
    }
}
