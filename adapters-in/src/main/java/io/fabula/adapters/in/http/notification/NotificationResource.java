package io.fabula.adapters.in.http.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.auth.Auth;
import io.fabula.adapters.in.http.Api;
import io.fabula.adapters.in.http.auth.Caller;
import io.fabula.adapters.in.http.problem.FailureException;
import io.fabula.application.notification.Delivery;
import io.fabula.application.notification.InAppNotification;
import io.fabula.application.notification.InAppNotifications;
import io.fabula.application.notification.NotificationId;
import io.fabula.application.notification.NotificationKind;
import io.fabula.application.notification.Preference;
import io.fabula.application.notification.Preferences;
import io.fabula.domain.failure.Failure;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A writer's own in-app notifications and notification settings (SPEC §9, issue 10):
 * {@code GET /notifications} (newest first, keyset pages like the sessions list: {@code limit}, {@code cursor},
 * {@code next_cursor}; {@code unread=true} filter), {@code POST /notifications/{id}/read},
 * {@code GET|PUT /notifications/preferences}. New notifications also arrive live as the SSE event {@code notification}
 * with the same fields as an item here. Every route needs a valid access token and sees only the caller's own rows:
 * another writer's notification is "not found" (SPEC §6).
 */
@Path(Api.V1 + "/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications", description = "In-app notifications and notification settings")
public final class NotificationResource {
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final InAppNotifications notifications;
    private final Clock clock;

    public NotificationResource(InAppNotifications notifications, Clock clock) {
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Schema(name = "Notification")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotificationView(
            @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED) String id,
            @Schema(allowableValues = {"STAGE_AWAITING_REVIEW", "SESSION_FINISHED", "SESSION_FAILED", "BUDGET_WARNING"},
                    requiredMode = Schema.RequiredMode.REQUIRED) String kind,
            @JsonProperty("session_id") @Schema(format = "uuid", description = "absent for a budget warning") String sessionId,
            @Schema(example = "Stage WORLD of \"Tide\" awaits your review", requiredMode = Schema.RequiredMode.REQUIRED)
            String title,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String body,
            @JsonProperty("created_at") @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED)
            String createdAt,
            @JsonProperty("read_at") @Schema(format = "date-time", description = "absent while unread") String readAt) {

        static NotificationView of(InAppNotification n) {
            return new NotificationView(n.id().toString(), n.kind().name(),
                    n.sessionId().map(Object::toString).orElse(null), n.title(), n.body(), n.createdAt().toString(),
                    n.readAtTime().map(Object::toString).orElse(null));
        }
    }

    @Schema(name = "NotificationPage", description = "One page of the caller's notifications, newest first")
    public record PageView(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<NotificationView> items,
            @Schema(description = "all unread notifications of the caller, whatever the filter and page",
                    requiredMode = Schema.RequiredMode.REQUIRED) long unread,
            @JsonProperty("next_cursor") @Schema(description = "pass as ?cursor= for the next page; null on the last page",
                    nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String nextCursor) {
    }

    @Schema(name = "KindPreference")
    public record KindPreferenceView(
            @NotNull @Pattern(regexp = "immediate|digest", message = "must be immediate or digest")
            @Schema(allowableValues = {"immediate", "digest"}, requiredMode = Schema.RequiredMode.REQUIRED) String delivery,
            @NotNull @Schema(description = "false: in-app only", requiredMode = Schema.RequiredMode.REQUIRED) Boolean email) {
    }

    @Schema(name = "NotificationPreferences")
    public record PreferencesView(
            @NotNull @Pattern(regexp = "en|zh", message = "must be en or zh")
            @Schema(allowableValues = {"en", "zh"}, description = "the language of mails and notifications",
                    requiredMode = Schema.RequiredMode.REQUIRED) String language,
            @NotNull @Valid
            @Schema(description = "per kind (STAGE_AWAITING_REVIEW, SESSION_FINISHED, SESSION_FAILED, BUDGET_WARNING); "
                    + "a kind left out is reset to immediate mail", requiredMode = Schema.RequiredMode.REQUIRED)
            Map<String, @NotNull @Valid KindPreferenceView> kinds) {
    }

    @GET
    @Operation(summary = "List your notifications, newest first, one page at a time",
            security = @SecurityRequirement(name = "bearer"), responses = {
                    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PageView.class))),
                    @ApiResponse(responseCode = "400", description = "limit out of 1..100 or a malformed cursor"),
                    @ApiResponse(responseCode = "401", description = "no valid access token")})
    public PageView list(@Auth Caller caller,
                         @Parameter(description = "only unread ones") @QueryParam("unread") @DefaultValue("false") boolean unread,
                         @Parameter(description = "page size, 1..100 (default 20)", schema = @Schema(minimum = "1",
                                 maximum = "100", defaultValue = "20"))
                         @QueryParam("limit") @Min(1) @Max(MAX_PAGE_SIZE) Integer limit,
                         @Parameter(description = "next_cursor of the previous page", schema = @Schema(maxLength = 64))
                         @QueryParam("cursor") @Size(max = 64) String cursor) {
        int size = limit == null ? DEFAULT_PAGE_SIZE : limit;
        Optional<NotificationId> after = cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(decodeCursor(cursor));
        InAppNotifications.Page page = notifications.list(caller.userId(), unread, after, size + 1);
        boolean more = page.items().size() > size;
        List<InAppNotification> shown = more ? page.items().subList(0, size) : page.items();
        String next = more ? encodeCursor(shown.get(shown.size() - 1).id()) : null;
        return new PageView(shown.stream().map(NotificationView::of).toList(), page.unread(), next);
    }

    static String encodeCursor(NotificationId last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
    }

    static NotificationId decodeCursor(String cursor) {
        try {
            return NotificationId.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            throw new FailureException(new Failure.Validation("cursor: not a cursor this API handed out", true));
        }
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark one of your notifications read (again: no change)", security = @SecurityRequirement(name = "bearer"),
            responses = {
                    @ApiResponse(responseCode = "204", description = "read"),
                    @ApiResponse(responseCode = "401", description = "no valid access token"),
                    @ApiResponse(responseCode = "404", description = "no such notification of yours")})
    public Response markRead(@Auth Caller caller, @PathParam("id") String id) {
        NotificationId notification;
        try {
            notification = NotificationId.of(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        if (!notifications.markRead(caller.userId(), notification, clock.instant())) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/preferences")
    @Operation(summary = "Your notification settings", security = @SecurityRequirement(name = "bearer"),
            responses = {
                    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PreferencesView.class))),
                    @ApiResponse(responseCode = "401", description = "no valid access token")})
    public PreferencesView preferences(@Auth Caller caller) {
        return view(notifications.preferences(caller.userId()));
    }

    @PUT
    @Path("/preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace your notification settings", security = @SecurityRequirement(name = "bearer"),
            responses = {
                    @ApiResponse(responseCode = "200", description = "the settings now in force",
                            content = @Content(schema = @Schema(implementation = PreferencesView.class))),
                    @ApiResponse(responseCode = "400", description = "unreadable body"),
                    @ApiResponse(responseCode = "401", description = "no valid access token"),
                    @ApiResponse(responseCode = "422", description = "a field is invalid, or a kind is unknown")})
    public PreferencesView savePreferences(@Auth Caller caller, @NotNull @Valid PreferencesView body) {
        Map<NotificationKind, Preference> byKind = new EnumMap<>(NotificationKind.class);
        for (Map.Entry<String, KindPreferenceView> entry : body.kinds().entrySet()) {
            NotificationKind kind = kind(entry.getKey());
            KindPreferenceView choice = entry.getValue();
            byKind.put(kind, new Preference(Delivery.valueOf(choice.delivery().toUpperCase(Locale.ROOT)), choice.email()));
        }
        Preferences preferences = new Preferences(body.language(), byKind);
        notifications.savePreferences(caller.userId(), preferences);
        return view(notifications.preferences(caller.userId()));
    }

    private static NotificationKind kind(String name) {
        try {
            NotificationKind kind = NotificationKind.valueOf(name);
            if (Preferences.CHOOSABLE.contains(kind)) {
                return kind;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        List<String> choosable = new ArrayList<>(Preferences.CHOOSABLE.stream().map(Enum::name).sorted().toList());
        throw new FailureException(Failure.Validation.of("kinds." + name + ": not a kind of notification one can choose for;"
                + " one of " + choosable));
    }

    private static PreferencesView view(Preferences preferences) {
        Map<String, KindPreferenceView> kinds = new TreeMap<>();
        preferences.byKind().forEach((kind, preference) -> kinds.put(kind.name(), new KindPreferenceView(
                preference.delivery().name().toLowerCase(Locale.ROOT), preference.email())));
        return new PreferencesView(preferences.language(), kinds);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no notification " + id + " of yours");
    }
}
