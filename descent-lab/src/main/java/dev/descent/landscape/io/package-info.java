/** Output formats of the lab: {@link dev.descent.landscape.io.Json}. */
package dev.descent.landscape.io;
