package dev.descent.landscape.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void compactMatchesTheDesignStyle() {
        Json j = Json.compact().beginObject()
                .name("value").value(-5.735064945101288)
                .name("gradient").beginObject().name("x").value(-14.808136267413484).name("y").value(0.0).endObject()
                .name("hessian").beginArray().array(2, 0).array(0, -2).endArray()
                .name("classification").value("saddle")
                .endObject();
        assertEquals("{\"value\": -5.735064945101288, \"gradient\": {\"x\": -14.808136267413484, \"y\": 0}, "
                + "\"hessian\": [[2, 0], [0, -2]], \"classification\": \"saddle\"}", j.toString());
        assertFalse(j.wroteNonFinite());
    }

    @Test
    void prettyIndentsByTwo() {
        String s = Json.pretty().beginArray().beginObject().name("a").value(1L).name("b").beginArray().endArray()
                .endObject().endArray().toString();
        assertEquals("[\n  {\n    \"a\": 1,\n    \"b\": []\n  }\n]", s);
        String arrays = Json.pretty().beginObject().name("domain").beginArray().array(-5, 5).array(-3, 3).endArray()
                .name("variables").array(java.util.List.of("x", "y")).endObject().toString();
        assertEquals("{\n  \"domain\": [\n    [-5, 5],\n    [-3, 3]\n  ],\n  \"variables\": [\"x\", \"y\"]\n}", arrays);
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        Json j = Json.compact().array(1.5, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e-7, 1e300);
        assertEquals("[1.5, null, null, -0, 1.0E-7, 1.0E300]", j.toString());
        assertTrue(j.wroteNonFinite());
    }

    @Test
    void stringsAreEscapedToAscii() {
        String s = Json.compact().value("a\"b\\c\n\td κ=1 \u0001").toString();
        assertEquals("\"a\\\"b\\\\c\\n\\td \\u03ba=1 \\u0001\"", s);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void misuseIsRejected(int kind) {
        assertThrows(IllegalStateException.class, () -> {
            switch (kind) {
                case 0 -> Json.compact().beginObject().value(1.0);
                case 1 -> Json.compact().beginArray().name("x");
                case 2 -> Json.compact().beginArray().endObject();
                default -> Json.compact().value(1.0).value(2.0);
            }
        });
    }
}
