package io.fabula.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.fabula.adapters.out.smtp.SmtpSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The SMTP server notification mails go out through (the {@code Mailer} port, SPEC §9).
 *
 * @param host           the server
 * @param port           25/587 for {@code none} and {@code starttls}, 465 for {@code ssl}
 * @param from           the sender, e.g. {@code Fabula <no-reply@fabula.example>}; its domain names the Message-IDs
 * @param username       empty: no AUTH
 * @param password       from {@code FABULA_SMTP_PASSWORD}; empty with no AUTH. Never logged.
 * @param tls            {@code none}, {@code starttls} (required, not opportunistic) or {@code ssl} (implicit TLS)
 * @param trustedHosts   empty in every shipped file: the certificate is checked against the JVM's trust store. Hosts
 *                       trusted without a check ({@code *}: any) exist for tests against self-signed servers only
 * @param connectTimeout bounds connecting (and the TLS handshake)
 * @param readTimeout    bounds waiting for each reply
 * @param writeTimeout   bounds writing each command and the message
 */
public record SmtpConfig(
        @NotBlank String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @NotBlank String from,
        @NotNull String username,
        @NotNull String password,
        @NotNull Tls tls,
        @NotNull String trustedHosts,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration connectTimeout,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration readTimeout,
        @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) Duration writeTimeout) {

    /** How the connection is protected; see {@link SmtpSettings.Tls}. */
    public enum Tls {
        @JsonProperty("none") NONE,
        @JsonProperty("starttls") STARTTLS,
        @JsonProperty("ssl") SSL
    }

    /** The adapter's settings (the adapter knows nothing of YAML). */
    public SmtpSettings settings() {
        return new SmtpSettings(host, port, from, username, password, SmtpSettings.Tls.valueOf(tls.name()), trustedHosts,
                java.time.Duration.ofMillis(connectTimeout.toMilliseconds()),
                java.time.Duration.ofMillis(readTimeout.toMilliseconds()),
                java.time.Duration.ofMillis(writeTimeout.toMilliseconds()));
    }

    /** Without the password: configuration ends up in logs. */
    @Override
    public String toString() {
        return "SmtpConfig[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username + ", password="
                + (password == null || password.isEmpty() ? "(none)" : "****") + ", tls=" + tls + ", trustedHosts="
                + trustedHosts + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", writeTimeout=" + writeTimeout + "]";
    }
}
