/**
 * Files: the safetensors format ({@link dev.descent.io.SafeTensors}), atomic writes
 * ({@link dev.descent.io.AtomicFiles}), a small JSON reader and writer ({@link dev.descent.io.Json}),
 * and {@link dev.descent.io.FormatException} for files whose content is not what their format
 * promises. Depends on the JDK alone.
 */
package dev.descent.io;
