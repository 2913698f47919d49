package dev.descent.kernel;

/**
 * The geometry of a 2-D convolution over a contiguous NCHW batch, as the conv kernels see it: input
 * {@code [n, c, h, w]}, {@code cout} output channels in {@code groups} groups, kernel {@code kh×kw},
 * stride, zero padding, dilation, and output {@code oh×ow}.
 *
 * <p>The column matrix of one image has {@link #rows()} rows, one per (channel, kernel offset) in
 * channel-major order, and {@link #positions()} columns, one per output pixel; row
 * {@code (ci·kh + ki)·kw + kj}, column {@code oi·ow + oj} holds
 * {@code x[ci, oi·sh − ph + ki·dh, oj·sw − pw + kj·dw]} (zero outside the image).
 *
 * @param n      images in the batch
 * @param c      input channels
 * @param h      input height
 * @param w      input width
 * @param cout   output channels (a multiple of {@code groups})
 * @param groups channel groups ({@code c} is a multiple too)
 * @param kh     kernel height
 * @param kw     kernel width
 * @param sh     vertical stride
 * @param sw     horizontal stride
 * @param ph     top and bottom zero padding
 * @param pw     left and right zero padding
 * @param dh     vertical dilation
 * @param dw     horizontal dilation
 * @param oh     output height
 * @param ow     output width
 */
public record ConvShape(int n, int c, int h, int w, int cout, int groups, int kh, int kw, int sh, int sw,
                        int ph, int pw, int dh, int dw, int oh, int ow) {

    /** Checks that the sizes are positive and consistent, so that the kernels can index without checks. */
    public ConvShape {
        if (n < 0 || c < 1 || h < 1 || w < 1 || cout < 1 || groups < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1
                || ph < 0 || pw < 0 || dh < 1 || dw < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv shape: sizes must be positive (padding non-negative), got " + this);
        }
        if (c % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException("conv shape: channels " + c + " -> " + cout
                    + " must both be divisible by groups " + groups);
        }
        if ((oh - 1) * sh + (kh - 1) * dh - ph >= h + ph || (ow - 1) * sw + (kw - 1) * dw - pw >= w + pw) {
            throw new IllegalArgumentException("conv shape: output " + oh + "x" + ow + " reaches past the padded input "
                    + (h + 2 * ph) + "x" + (w + 2 * pw));
        }
    }

    /** Output pixels per image and channel. */
    public int positions() {
        return oh * ow;
    }

    /** Rows of one image's column matrix, all groups: {@code c·kh·kw}. */
    public int rows() {
        return c * kh * kw;
    }

    /** Elements of one input image. */
    int imageSize() {
        return c * h * w;
    }

    /** Elements of one output image. */
    int outSize() {
        return cout * oh * ow;
    }
}
