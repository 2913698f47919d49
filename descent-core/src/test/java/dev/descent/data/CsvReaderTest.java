package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.io.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsFeaturesAndLabelSkippingCommentsAndBlankLines() throws IOException {
        Path f = write("d.csv", "# seed=42 descent 0.1\nx1, \"x2\" ,label,x3\n\n1,2,0,3\n-1.5e1, .5 ,2,  4\n# end\n");
        TensorDataset byName = CsvReader.read(f, "label");
        TensorDataset byIndex = CsvReader.read(f, 2);
        for (TensorDataset d : List.of(byName, byIndex)) {
            assertArrayEquals(new int[] {2, 3}, d.features().shape());
            assertArrayEquals(new float[] {1, 2, 3, -15, 0.5f, 4}, d.features().toFloatArray());
            assertArrayEquals(new float[] {0, 2}, d.labels().toFloatArray());
            assertEquals(3, d.numClasses());
        }
        assertArrayEquals(new float[] {3, 4}, CsvReader.read(f, -1).labels().toFloatArray());
    }

    @Test
    void textLabelsBecomeClassesInSortedOrder() throws IOException {
        Path f = write("iris.csv", "a,b,species\n1,2,virginica\n3,4,setosa\n5,6,virginica\n");
        TensorDataset d = CsvReader.read(f, "species");
        assertEquals(List.of("setosa", "virginica"), d.classNames());
        assertArrayEquals(new float[] {1, 0, 1}, d.labels().toFloatArray());
    }

    @Test
    void realValuedLabelsAreRegressionTargets() throws IOException {
        TensorDataset d = CsvReader.read(write("r.csv", "x,y\n1,0.5\n2,1.5\n"), "y");
        assertEquals(0, d.numClasses());
        assertArrayEquals(new float[] {0.5f, 1.5f}, d.labels().toFloatArray());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a,b,label\\n1,2,0\\n1,2\\n                 | bad.csv line 3: 2 fields, but the header has 3 columns",
        "# c\\na,b,label\\n1,2,0\\n\\n1,x,1\\n       | bad.csv line 5, column 2 ('b'): 'x' is not a number",
        "a,b,label\\n1,,0\\n                        | bad.csv line 2, column 2 ('b'): empty field",
        "a,b,label\\n1,0x1p3,0\\n                   | bad.csv line 2, column 2 ('b'): '0x1p3' is not a number",
        "a,b,c\\n1,2,3\\n                           | bad.csv: no column named 'label' in the header on line 1 (columns: a, b, c)",
        "# only a comment\\n\\n                      | bad.csv: no header line (the file is empty or all comments)",
        "a,b,label\\n                              | bad.csv: a header but no data rows",
        "a;b;label\\n1;2;3\\n                       | bad.csv: no column named 'label'",
    })
    void errorsNameTheFileLineAndColumn(String text, String message) throws IOException {
        Path f = write("bad.csv", text.replace("\\n", "\n"));
        FormatException e = assertThrows(FormatException.class, () -> CsvReader.read(f, "label"));
        assertEquals(true, e.getMessage().startsWith(message.strip()), e.getMessage());
    }

    @Test
    void labelIndexOutOfRange() throws IOException {
        Path f = write("x.csv", "a,b\n1,2\n");
        FormatException e = assertThrows(FormatException.class, () -> CsvReader.read(f, 5));
        assertEquals("x.csv: label column 5 out of range: the header on line 1 has 2 columns", e.getMessage());
    }
}
