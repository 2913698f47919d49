package dev.descent.report;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a report came from, so any figure in it can be reproduced: the Descent version, the seed,
 * every hyperparameter, the command line, and when it ran.
 *
 * @param hyperparameters in the order they should be shown
 */
public record Provenance(String version, long seed, Map<String, String> hyperparameters, String command, String date) {

    public Provenance {
        hyperparameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    }

    /** Provenance stamped with the current UTC time. */
    public static Provenance now(String version, long seed, String command, Map<String, ?> hyperparameters) {
        Map<String, String> hp = new LinkedHashMap<>();
        hyperparameters.forEach((k, v) -> hp.put(k, String.valueOf(v)));
        String date = ZonedDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return new Provenance(version, seed, hp, command, date);
    }
}
