package io.fabula.adapters.out.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabula.application.auth.AccessTokens;
import io.fabula.application.auth.Identity;
import io.fabula.application.auth.Role;
import io.fabula.domain.id.UserId;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * HS256-signed JWTs: {@code sub} = user id, {@code role} = writer|admin, {@code iss}, {@code iat},
 * {@code exp}, {@code jti}. Only HS256 is accepted on the way in (no {@code alg: none}, no algorithm
 * confusion), and the issuer must match.
 */
public final class JwtAccessTokens implements AccessTokens {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final byte[] secret;
    private final String issuer;
    private final Duration lifetime;
    private final MACSigner signer;
    private final MACVerifier verifier;

    public JwtAccessTokens(String secret, String issuer, Duration lifetime) {
        Objects.requireNonNull(secret, "secret");
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        try {
            this.signer = new MACSigner(this.secret);
            this.verifier = new MACVerifier(this.secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT secret", e);
        }
    }

    @Override
    public Issued issue(Identity identity, Instant now) {
        Instant expiresAt = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(identity.userId().toString())
                .issuer(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", identity.role().wireName())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an access token failed", e);
        }
        return new Issued(jwt.serialize(), expiresAt);
    }

    @Override
    public Optional<Identity> verify(String token, Instant now) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (!issuer.equals(claims.getIssuer()) || expiry == null || !now.isBefore(expiry.toInstant())
                    || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Identity(UserId.of(claims.getSubject()), Role.fromWireName(claims.getStringClaim("role"))));
        } catch (ParseException | JOSEException | RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
