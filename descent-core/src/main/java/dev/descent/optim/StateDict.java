package dev.descent.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an {@link Optimizer}: the algorithm's name, the number of steps taken, each group's
 * hyperparameters and parameter names, and the per-parameter {@link State} keyed by parameter
 * <em>name</em> (not by position, unlike PyTorch's integer keys), so a checkpoint survives a
 * reordering of the parameter list. The snapshot owns deep copies: later steps do not change it.
 *
 * @param algorithm the algorithm's {@link Algorithm#name()}
 * @param steps     number of {@code step()} calls so far
 * @param groups    per group: hyperparameters and parameter names, in order
 * @param state     per parameter name: its state (absent for parameters never updated)
 */
public record StateDict(String algorithm, long steps, List<Group> groups, Map<String, State> state) {
    /** Makes the collections unmodifiable. */
    public StateDict {
        groups = List.copyOf(groups);
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    /**
     * One parameter group of the snapshot.
     *
     * @param hyperparameters every hyperparameter by name
     * @param params          the names of the group's parameters
     */
    public record Group(Map<String, Object> hyperparameters, List<String> params) {
        /** Makes the collections unmodifiable. */
        public Group {
            hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
            params = List.copyOf(params);
        }
    }
}
