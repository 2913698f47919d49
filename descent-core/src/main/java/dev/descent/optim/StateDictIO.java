package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads a {@link StateDict} in a small self-describing binary format (big-endian):
 * <pre>
 *   "DESCENT-OPTIM" version(int=1) algorithm(UTF) steps(long)
 *   groups(int) { hyper(int) { name(UTF) value } params(int) { name(UTF) } }
 *   states(int) { name(UTF) step(long) tensors(int) { name(UTF) tensor } scalars(int) { name(UTF) double }
 *                 lists(int) { name(UTF) count(int) { tensor } } }
 *   value  = 'D' double | 'I' int | 'J' long | 'Z' boolean | 'S' UTF | 'N'
 *   tensor = 'N' | dtype('f'|'d') rank(int) dims(int…) elements (float or double each)
 * </pre>
 * Values are stored exactly; a checkpoint read back continues bit-identically.
 */
public final class StateDictIO {
    private static final String MAGIC = "DESCENT-OPTIM";
    private static final int VERSION = 1;

    private StateDictIO() {}

    /** Writes {@code sd} to {@code out} (not closed). */
    public static void write(StateDict sd, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeUTF(MAGIC);
        d.writeInt(VERSION);
        d.writeUTF(sd.algorithm());
        d.writeLong(sd.steps());
        d.writeInt(sd.groups().size());
        for (StateDict.Group g : sd.groups()) {
            d.writeInt(g.hyperparameters().size());
            for (Map.Entry<String, Object> e : g.hyperparameters().entrySet()) {
                d.writeUTF(e.getKey());
                writeValue(d, e.getValue());
            }
            d.writeInt(g.params().size());
            for (String p : g.params()) {
                d.writeUTF(p);
            }
        }
        d.writeInt(sd.state().size());
        for (Map.Entry<String, State> e : sd.state().entrySet()) {
            State s = e.getValue();
            d.writeUTF(e.getKey());
            d.writeLong(s.step());
            d.writeInt(s.tensors().size());
            for (Map.Entry<String, Tensor> t : s.tensors().entrySet()) {
                d.writeUTF(t.getKey());
                writeTensor(d, t.getValue());
            }
            d.writeInt(s.scalars().size());
            for (Map.Entry<String, Double> t : s.scalars().entrySet()) {
                d.writeUTF(t.getKey());
                d.writeDouble(t.getValue());
            }
            d.writeInt(s.lists().size());
            for (Map.Entry<String, List<Tensor>> t : s.lists().entrySet()) {
                d.writeUTF(t.getKey());
                d.writeInt(t.getValue().size());
                for (Tensor x : t.getValue()) {
                    writeTensor(d, x);
                }
            }
        }
        d.flush();
    }

    /** Reads a state dict written by {@link #write}. */
    public static StateDict read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        String magic = d.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not an optimizer state dict (header '" + magic + "')");
        }
        int version = d.readInt();
        if (version != VERSION) {
            throw new IOException("optimizer state dict version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        String algorithm = d.readUTF();
        long steps = d.readLong();
        int ng = d.readInt();
        List<StateDict.Group> groups = new ArrayList<>();
        for (int i = 0; i < ng; i++) {
            int nh = d.readInt();
            Map<String, Object> hyper = new LinkedHashMap<>();
            for (int k = 0; k < nh; k++) {
                hyper.put(d.readUTF(), readValue(d));
            }
            int np = d.readInt();
            List<String> names = new ArrayList<>();
            for (int k = 0; k < np; k++) {
                names.add(d.readUTF());
            }
            groups.add(new StateDict.Group(hyper, names));
        }
        int ns = d.readInt();
        Map<String, State> states = new LinkedHashMap<>();
        for (int i = 0; i < ns; i++) {
            String name = d.readUTF();
            State s = new State();
            s.setStep(d.readLong());
            int nt = d.readInt();
            for (int k = 0; k < nt; k++) {
                String tn = d.readUTF();
                s.put(tn, readTensor(d));
            }
            int nsc = d.readInt();
            for (int k = 0; k < nsc; k++) {
                String sn = d.readUTF();
                s.putScalar(sn, d.readDouble());
            }
            int nl = d.readInt();
            for (int k = 0; k < nl; k++) {
                List<Tensor> l = s.list(d.readUTF());
                int c = d.readInt();
                for (int j = 0; j < c; j++) {
                    l.add(readTensor(d));
                }
            }
            states.put(name, s);
        }
        return new StateDict(algorithm, steps, groups, states);
    }

    private static void writeValue(DataOutputStream d, Object v) throws IOException {
        switch (v) {
            case null -> d.writeByte('N');
            case Double x -> {
                d.writeByte('D');
                d.writeDouble(x);
            }
            case Integer x -> {
                d.writeByte('I');
                d.writeInt(x);
            }
            case Long x -> {
                d.writeByte('J');
                d.writeLong(x);
            }
            case Boolean x -> {
                d.writeByte('Z');
                d.writeBoolean(x);
            }
            case String x -> {
                d.writeByte('S');
                d.writeUTF(x);
            }
            default -> throw new IOException("cannot store hyperparameter of type " + v.getClass().getName());
        }
    }

    private static Object readValue(DataInputStream d) throws IOException {
        int tag = d.readByte();
        return switch (tag) {
            case 'N' -> null;
            case 'D' -> d.readDouble();
            case 'I' -> d.readInt();
            case 'J' -> d.readLong();
            case 'Z' -> d.readBoolean();
            case 'S' -> d.readUTF();
            default -> throw new IOException("corrupt state dict: unknown value tag " + tag);
        };
    }

    private static void writeTensor(DataOutputStream d, Tensor t) throws IOException {
        if (t == null) {
            d.writeByte('N');
            return;
        }
        boolean f = t.dtype() == DType.FLOAT32;
        d.writeByte(f ? 'f' : 'd');
        int[] shape = t.shape();
        d.writeInt(shape.length);
        for (int s : shape) {
            d.writeInt(s);
        }
        if (f) {
            for (float v : t.toFloatArray()) {
                d.writeFloat(v);
            }
        } else {
            for (double v : t.toDoubleArray()) {
                d.writeDouble(v);
            }
        }
    }

    private static Tensor readTensor(DataInputStream d) throws IOException {
        int tag = d.readByte();
        if (tag == 'N') {
            return null;
        }
        int rank = d.readInt();
        int[] shape = new int[rank];
        int n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = d.readInt();
            n *= shape[i];
        }
        if (tag == 'f') {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = d.readFloat();
            }
            return Tensor.of(a, shape);
        } else if (tag == 'd') {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = d.readDouble();
            }
            return Tensor.of(a, shape);
        }
        throw new IOException("corrupt state dict: unknown tensor tag " + tag);
    }
}
