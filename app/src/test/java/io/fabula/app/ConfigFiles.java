package io.fabula.app;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookupFactory;

/** Binds YAML to {@link FabulaConfiguration} the way Dropwizard does at start-up (same factory, same validator). */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Binds {@code file}, resolving {@code ${NAME}} from {@code environment} only, strictly. */
    static FabulaConfiguration bind(Path file, Map<String, String> environment) throws IOException, ConfigurationException {
        StringSubstitutor substitutor = new StringSubstitutor(StringLookupFactory.INSTANCE.mapStringLookup(environment));
        substitutor.setEnableUndefinedVariableException(true);
        // the factory Dropwizard itself uses (it also turns on failing on unknown keys)
        return new DefaultConfigurationFactoryFactory<FabulaConfiguration>()
                .create(FabulaConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor), file.toString());
    }

    static FabulaConfiguration bind(Path file) throws IOException, ConfigurationException {
        return bind(file, Map.of());
    }

    /** {@code config-dev.yml} with one edit, written to {@code dir}. */
    static Path devConfigWith(Path dir, String original, String replacement) {
        try {
            String yaml = Files.readString(RepoFiles.file("config-dev.yml"), StandardCharsets.UTF_8);
            if (!yaml.contains(original)) {
                throw new IllegalArgumentException("config-dev.yml has no '" + original + "'");
            }
            return Files.writeString(dir.resolve("edited.yml"), yaml.replace(original, replacement), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
