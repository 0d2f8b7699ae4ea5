package io.fabula.adapters.in.http.story;

import io.fabula.domain.id.SessionId;
import jakarta.ws.rs.NotFoundException;

/** The session id of a story route: one that is not even an id is as unknown as another writer's (404). */
final class StoryPaths {
    private StoryPaths() {
    }

    static SessionId sessionId(String id) {
        try {
            return SessionId.of(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("no session " + id + " of yours");
    }
}
