package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

class AnimationTest {

    private static Animation smallRace() {
        ContourPlot plot = new ContourPlot(SampleData.himmelblauGrid(31)).size(240, 200).logLevels(2)
            .trajectories(SampleData.race());
        return Animation.race(plot).maxFrames(8).timing(50, 700);
    }

    @Test
    void gifHasOneFramePerStepShownAndLoopsForever(@TempDir Path dir) throws Exception {
        Animation race = smallRace();
        Path file = dir.resolve("race.gif");
        race.writeGif(file);
        assertArrayEquals(new int[] {0, 6, 11, 17, 23, 29, 34, 40}, race.frameSteps());

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(Files.newInputStream(file))) {
            reader.setInput(in);
            assertEquals(8, reader.getNumImages(true));
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode app = find(first, "ApplicationExtension");
            assertNotNull(app, "first frame carries the NETSCAPE2.0 extension");
            assertEquals("NETSCAPE", app.getAttribute("applicationID"));
            assertEquals("2.0", app.getAttribute("authenticationCode"));
            byte[] loop = (byte[]) app.getUserObject();
            assertEquals(1, loop[0]);
            assertEquals(0, (loop[1] & 0xFF) | ((loop[2] & 0xFF) << 8), "loop count 0 means forever");
            assertEquals("5", find(first, "GraphicControlExtension").getAttribute("delayTime"));
            IIOMetadataNode last = (IIOMetadataNode) reader.getImageMetadata(7).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals("70", find(last, "GraphicControlExtension").getAttribute("delayTime"), "the last frame is held");
            // Full first frame; later frames store only what changed.
            assertEquals(240, reader.getWidth(0));
            assertTrue(reader.getWidth(3) * reader.getHeight(3) < 240 * 200);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void framesGrowTheTrajectories() {
        List<java.awt.image.BufferedImage> frames = smallRace().frames();
        assertEquals(8, frames.size());
        // The last frame differs from the first where the paths have been drawn.
        int diff = 0;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 240; x++) {
                if (frames.getFirst().getRGB(x, y) != frames.getLast().getRGB(x, y)) {
                    diff++;
                }
            }
        }
        assertTrue(diff > 300, "only " + diff + " pixels changed over the race");
    }

    @Test
    void gifDecodesToTheLogicalSize() throws Exception {
        byte[] gif = smallRace().maxFrames(2).toGif();
        var img = ImageIO.read(new ByteArrayInputStream(gif));
        assertEquals(240, img.getWidth());
        assertEquals(200, img.getHeight());
    }

    @Test
    void aRaceNeedsRunners() {
        ContourPlot empty = new ContourPlot(SampleData.himmelblauGrid(11));
        assertThrows(IllegalArgumentException.class, () -> Animation.race(empty));
    }

    private static IIOMetadataNode find(IIOMetadataNode root, String name) {
        NodeList nodes = root.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : (IIOMetadataNode) nodes.item(0);
    }
}
