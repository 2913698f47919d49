package dev.descent.landscape.tour;

import dev.descent.landscape.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tour measured: per section, named facts (numbers or words, each with a sentence) and
 * the verdicts on the notes' claims. {@link #toText()} is what {@code descent tour} prints and
 * writes to {@code summary.txt}; {@link #toJson()} is {@code summary.json}.
 */
public final class TourSummary {

    /** A measured fact: {@code value} is a Number, Boolean or String. */
    public record Fact(String key, Object value, String text) {}

    /** A claim of the notes and whether the measurement bears it out. */
    public record Claim(String claim, boolean holds, String detail) {}

    /** One section's facts and claims, in the order recorded. */
    public static final class Section {
        private final String id;
        private final String title;
        private final List<Fact> facts = new ArrayList<>();
        private final List<Claim> claims = new ArrayList<>();
        private double seconds = Double.NaN;

        Section(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }

        public List<Fact> facts() {
            return List.copyOf(facts);
        }

        public List<Claim> claims() {
            return List.copyOf(claims);
        }

        /** Wall-clock seconds the section took. */
        public double seconds() {
            return seconds;
        }
    }

    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Map<String, String> header = new LinkedHashMap<>();
    private double seconds = Double.NaN;

    /** A line of the header (version, output folder, ...). */
    void header(String key, String value) {
        header.put(key, value);
    }

    Section section(String id, String title) {
        return sections.computeIfAbsent(id, k -> new Section(id, title));
    }

    void fact(String sectionId, String key, Object value, String text) {
        Section s = sections.get(sectionId);
        for (Fact f : s.facts) {
            if (f.key().equals(key)) {
                throw new IllegalStateException("fact '" + key + "' recorded twice in section " + sectionId);
            }
        }
        s.facts.add(new Fact(key, value, text));
    }

    void claim(String sectionId, String claim, boolean holds, String detail) {
        sections.get(sectionId).claims.add(new Claim(claim, holds, detail));
    }

    void sectionSeconds(String id, double s) {
        sections.get(id).seconds = s;
    }

    void totalSeconds(double s) {
        this.seconds = s;
    }

    /** The sections, in order. */
    public List<Section> sections() {
        return List.copyOf(sections.values());
    }

    /** Total wall-clock seconds. */
    public double seconds() {
        return seconds;
    }

    /** The value of fact {@code key} of section {@code id}. */
    public Object value(String id, String key) {
        Section s = sections.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no section '" + id + "' (have " + sections.keySet() + ")");
        }
        for (Fact f : s.facts) {
            if (f.key().equals(key)) {
                return f.value();
            }
        }
        throw new IllegalArgumentException("no fact '" + key + "' in section " + id);
    }

    /** Every claim of every section. */
    public List<Claim> claims() {
        List<Claim> out = new ArrayList<>();
        for (Section s : sections.values()) {
            out.addAll(s.claims);
        }
        return out;
    }

    /** The plain-text summary. */
    public String toText() {
        StringBuilder sb = new StringBuilder("Descent tour: the study notes' claims, measured\n");
        header.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        for (Section s : sections.values()) {
            sb.append('\n').append(s.title);
            if (Double.isFinite(s.seconds)) {
                sb.append(String.format(java.util.Locale.ROOT, "  [%.1f s]", s.seconds));
            }
            sb.append('\n');
            for (Fact f : s.facts) {
                if (f.text() != null && !f.text().isEmpty()) {
                    sb.append("  - ").append(f.text()).append('\n');
                }
            }
            for (Claim c : s.claims) {
                sb.append("  ").append(c.holds() ? "[holds] " : "[FAILS] ").append(c.claim());
                if (c.detail() != null && !c.detail().isEmpty()) {
                    sb.append(" -- ").append(c.detail());
                }
                sb.append('\n');
            }
        }
        long held = claims().stream().filter(Claim::holds).count();
        sb.append('\n').append(held).append(" of ").append(claims().size()).append(" claims hold");
        if (Double.isFinite(seconds)) {
            sb.append(String.format(java.util.Locale.ROOT, "; the tour took %.1f s", seconds));
        }
        return sb.append('\n').toString();
    }

    /** The JSON summary. */
    public String toJson() {
        Json j = Json.pretty().beginObject();
        header.forEach((k, v) -> j.name(k).value(v));
        if (Double.isFinite(seconds)) {
            j.name("seconds").value(Math.round(seconds * 10) / 10.0);
        }
        j.name("sections").beginArray();
        for (Section s : sections.values()) {
            j.beginObject().name("id").value(s.id).name("title").value(s.title);
            if (Double.isFinite(s.seconds)) {
                j.name("seconds").value(Math.round(s.seconds * 100) / 100.0);
            }
            j.name("facts").beginObject();
            for (Fact f : s.facts) {
                j.name(f.key());
                switch (f.value()) {
                    case Double d -> j.value(d);
                    case Float d -> j.value(d.doubleValue());
                    case Number n -> j.value(n.longValue());
                    case Boolean b -> j.value(b);
                    case null -> j.nullValue();
                    default -> j.value(String.valueOf(f.value()));
                }
            }
            j.endObject().name("claims").beginArray();
            for (Claim c : s.claims) {
                j.beginObject().name("claim").value(c.claim()).name("holds").value(c.holds()).name("detail")
                        .value(c.detail()).endObject();
            }
            j.endArray().name("text").beginArray();
            for (Fact f : s.facts) {
                if (f.text() != null && !f.text().isEmpty()) {
                    j.value(f.text());
                }
            }
            j.endArray().endObject();
        }
        j.endArray();
        long held = claims().stream().filter(Claim::holds).count();
        j.name("claims_holding").value(held).name("claims_total").value(claims().size());
        return j.endObject().toString() + "\n";
    }
}
