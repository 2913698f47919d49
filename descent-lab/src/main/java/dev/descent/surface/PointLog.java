package dev.descent.surface;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The append-only log that makes a grid resumable: one CSV line per finished point, written and
 * forced to disk ({@code fsync}) as soon as the point is done, so an interrupted run loses at most
 * the points in flight. LL does the same with an HDF5 file flushed after each point.
 *
 * <pre>
 * # descent surface log v1
 * # fingerprint 3f9a...            (hash of the grid, the directions, the weights and the data)
 * index,x,y,loss,accuracy
 * 0,-1.0,-1.0,2.3125,0.09
 * </pre>
 *
 * Numbers are written in Java's shortest round-trip form, so a resumed grid is bit-identical to an
 * uninterrupted one. On reopening, a last line cut short by the interruption (no newline) is
 * dropped, and a log whose fingerprint differs from the run's is refused rather than mixed in.
 */
final class PointLog implements AutoCloseable {
    static final String MAGIC = "# descent surface log v1";
    static final String COLUMNS = "index,x,y,loss,accuracy";

    private final Path file;
    private final FileChannel channel;
    private final Map<Integer, Metrics> finished;
    private final boolean sync;

    private PointLog(Path file, FileChannel channel, Map<Integer, Metrics> finished, boolean sync) {
        this.file = file;
        this.channel = channel;
        this.finished = finished;
        this.sync = sync;
    }

    /**
     * Opens {@code file} for the run identified by {@code fingerprint}, reading the points already in it.
     *
     * @param sync force each line to disk (fsync) before the next point is reported
     */
    static PointLog open(Path file, String fingerprint, int total, boolean sync) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Map<Integer, Metrics> done = new LinkedHashMap<>();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (size == 0) {
                write(ch, MAGIC + "\n# fingerprint " + fingerprint + "\n" + COLUMNS + "\n");
                ch.force(true);
            } else {
                byte[] bytes = Files.readAllBytes(file);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--; // a line cut short by the interruption
                }
                String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
                String[] lines = text.split("\n");
                if (lines.length < 3 || !lines[0].equals(MAGIC) || !lines[2].equals(COLUMNS)) {
                    throw new IOException(file + ": not a Descent surface log (expected '" + MAGIC + "' and the header "
                            + COLUMNS + "); delete it or choose another output folder");
                }
                String have = lines[1].startsWith("# fingerprint ") ? lines[1].substring(14).strip() : "";
                if (!have.equals(fingerprint)) {
                    throw new IOException(file + ": this log belongs to a different surface (grid, directions, weights or data "
                            + "differ: fingerprint " + have + ", this run " + fingerprint + "); delete it to start over");
                }
                for (int l = 3; l < lines.length; l++) {
                    String[] f = lines[l].split(",");
                    if (f.length != 5) {
                        throw new IOException(file + ": line " + (l + 1) + " has " + f.length + " fields, expected 5: '"
                                + lines[l] + "'");
                    }
                    int index = Integer.parseInt(f[0]);
                    if (index < 0 || index >= total) {
                        throw new IOException(file + ": line " + (l + 1) + " names point " + index + " of a grid of " + total);
                    }
                    done.put(index, new Metrics(Double.parseDouble(f[3]), Double.parseDouble(f[4]), 0));
                }
                if (end < bytes.length) {
                    ch.truncate(end);
                }
                ch.position(end);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ch.position(ch.size());
        return new PointLog(file, ch, done, sync);
    }

    /** The points read from the file when it was opened, by index. */
    Map<Integer, Metrics> finished() {
        return finished;
    }

    /** Appends one point (and forces it to disk when syncing). */
    synchronized void append(int index, double x, double y, Metrics m) throws IOException {
        write(channel, index + "," + x + "," + y + "," + m.loss() + "," + m.accuracy() + "\n");
        if (sync) {
            channel.force(false);
        }
    }

    Path file() {
        return file;
    }

    private static void write(FileChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.force(true);
        channel.close();
    }
}
