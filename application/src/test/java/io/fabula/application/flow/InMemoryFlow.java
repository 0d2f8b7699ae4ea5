package io.fabula.application.flow;

import io.fabula.application.orchestration.CapabilityResult;
import io.fabula.application.orchestration.CapabilityTask;
import io.fabula.application.port.out.ProcessedEvents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The flow's transaction in memory: a work's writes become visible only when it returns. */
final class InMemoryFlow implements FlowUnitOfWork {
    final Set<String> processed = new HashSet<>();
    final List<CapabilityTask> tasks = new ArrayList<>();
    final List<CapabilityResult> results = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<DeadLetter> replays = new ArrayList<>();

    @Override
    public synchronized <T> T transact(Work<T> work) {
        Set<String> seen = new HashSet<>();
        List<CapabilityTask> newTasks = new ArrayList<>();
        List<CapabilityResult> newResults = new ArrayList<>();
        List<DeadLetter> newLetters = new ArrayList<>();
        List<DeadLetter> newReplays = new ArrayList<>();
        ProcessedEvents dedup = (group, event) -> !processed.contains(group + "/" + event) && seen.add(group + "/" + event);
        FlowOutbox outbox = new FlowOutbox() {
            @Override public void task(CapabilityTask task) { newTasks.add(task); }
            @Override public void result(CapabilityResult result) { newResults.add(result); }
            @Override public void deadLetter(DeadLetter letter) { newLetters.add(letter); }
            @Override public void replay(DeadLetter letter, int generation) { newReplays.add(letter); }
        };
        T answer = work.run(new Stores() {
            @Override public ProcessedEvents processed() { return dedup; }
            @Override public FlowOutbox outbox() { return outbox; }
        });
        processed.addAll(seen);
        tasks.addAll(newTasks);
        results.addAll(newResults);
        deadLetters.addAll(newLetters);
        replays.addAll(newReplays);
        return answer;
    }
}
