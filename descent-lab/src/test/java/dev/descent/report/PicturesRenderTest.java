package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PicturesRenderTest {

    static List<Kinds.Kind> kinds() {
        return Kinds.all();
    }

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "tests must run with -Djava.awt.headless=true, as servers and CI do");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyKindRendersAPictureNotABlank(Kinds.Kind kind) throws IOException {
        byte[] png = kind.figure().toPng(1);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(kind.figure().width(), img.getWidth(), "width");
        assertEquals(kind.figure().height(), img.getHeight(), "height");
        int colors = Pixels.distinctColors(img);
        double ink = Pixels.inkFraction(img);
        assertTrue(colors >= kind.minColors(), kind + ": only " + colors + " distinct colours");
        assertTrue(ink >= kind.minInk() && ink <= kind.maxInk(),
            kind + ": " + ink + " of the pixels are ink, expected within [" + kind.minInk() + ", " + kind.maxInk() + "]");
    }

    @Test
    void doubleScaleDoublesThePixelsAndRecordsTheResolution(@TempDir Path dir) throws IOException {
        Figure f = Kinds.all().get(2).figure();
        Path file = dir.resolve("loss.png");
        f.writePng(file, 2);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(2 * f.width(), img.getWidth());
        assertEquals(2 * f.height(), img.getHeight());
        // pHYs: 144 dpi is 5669 pixels per metre.
        String meta = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = meta.indexOf("pHYs");
        assertTrue(at > 0, "PNG has a pHYs chunk");
        int ppm = java.nio.ByteBuffer.wrap(Files.readAllBytes(file), at + 4, 4).getInt();
        assertEquals(5669, ppm);
    }

    @Test
    void writeChoosesTheFormatByExtension(@TempDir Path dir) throws IOException {
        Figure f = Kinds.all().get(5).figure();
        f.write(dir.resolve("a.svg"));
        f.write(dir.resolve("a.png"));
        assertTrue(Files.readString(dir.resolve("a.svg")).startsWith("<svg"));
        assertEquals(2 * f.width(), ImageIO.read(dir.resolve("a.png").toFile()).getWidth());
    }

    @Test
    void contourOfAConstantFieldStillDraws() {
        Grid flat = Grid.sample((x, y) -> 3.0, 0, 1, 5, 0, 1, 5);
        BufferedImage img = new ContourPlot(flat).size(200, 160).toImage(1);
        assertTrue(Pixels.inkFraction(img) > 0.3);
    }

    @Test
    void diverginglTrajectoriesAndNaNsDoNotBreakPictures() {
        Grid grid = Grid.sample((x, y) -> x * y > 0.5 ? Double.NaN : x * x + y * y, -1, 1, 21, -1, 1, 21);
        Trajectory wild = Trajectory.of("diverged", new double[] {0.1, 5, 1e300, Double.NaN}, new double[] {0.1, -5, 1e300, 1});
        BufferedImage contour = new ContourPlot(grid).size(240, 200).trajectory(wild).toImage(1);
        BufferedImage surface = new SurfacePlot3D(grid).size(240, 200).trajectory(wild).toImage(1);
        BufferedImage line = new LinePlot().size(240, 200).logY(true)
            .series(new Series("s", new double[] {0, 1, 2, 3}, new double[] {1, -1, Double.NaN, 1e-3})).toImage(1);
        for (BufferedImage img : List.of(contour, surface, line)) {
            assertTrue(Pixels.distinctColors(img) > 5);
        }
    }
}
