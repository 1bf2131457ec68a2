package io.safetywatcher.common.codec;

/**
 * The entropy-coded scan data of a JPEG, read the way a decoder reads it but without
 * decoding pixels: every Huffman code must be one the tables define, every block must end
 * within its 64 coefficients, restart markers must come in sequence where the restart
 * interval puts them, and the data must hold exactly the frame's blocks (no premature end,
 * no bytes left over). These are the faults libjpeg only warns about ("Corrupt JPEG data:
 * bad Huffman code", "premature end of data segment", "extraneous bytes before marker")
 * while it goes on to decode garbage, which then passes for a scene full of people.
 * Scrambled scan data breaks them within a few blocks.
 *
 * <p>Baseline and extended Huffman frames (SOF0, SOF1) are decoded this way; for other
 * processes (progressive, arithmetic) and for scans whose Huffman tables are not in the
 * file (MJPEG's implied standard tables) only the byte level is checked: an 0xFF in scan
 * data must be stuffed (0xFF00) or a restart marker in sequence.
 */
final class JpegScan {
    private static final int LOOKAHEAD = 9;
    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private JpegScan() {}

    /** Null when the scan data is sound, else what is wrong with it. */
    static String problem(byte[] b) {
        try {
            new JpegScan.Reader(b).run();
            return null;
        } catch (Bad e) {
            return e.getMessage();
        }
    }

    /** A fault in the data; no stack trace (it is an answer, not a bug). */
    private static final class Bad extends RuntimeException {
        Bad(String message) { super(message, null, false, false); }
    }

    /** One Huffman table, canonical form with a {@value #LOOKAHEAD}-bit lookahead. */
    private static final class Table {
        final int[] maxCode = new int[17];
        final int[] valOffset = new int[17];
        final byte[] values;
        /** (length << 8 | symbol) for codes of up to LOOKAHEAD bits, by their next LOOKAHEAD bits; 0 if longer. */
        final short[] fast = new short[1 << LOOKAHEAD];

        Table(int[] counts, byte[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int l = 1; l <= 16; l++) {
                valOffset[l] = k - code;
                for (int j = 0; j < counts[l]; j++, code++, k++) {
                    if (l <= LOOKAHEAD) {
                        int from = code << (LOOKAHEAD - l);
                        for (int f = 0; f < 1 << (LOOKAHEAD - l); f++) {
                            fast[from + f] = (short) (l << 8 | (values[k] & 0xFF));
                        }
                    }
                }
                if (code > 1 << l) {
                    throw new Bad("a Huffman table has more codes of " + l + " bits than there are");
                }
                maxCode[l] = counts[l] == 0 ? -1 : code - 1;
                code <<= 1;
            }
        }
    }

    private static final class Reader {
        private final byte[] b;
        private final Table[] dc = new Table[4];
        private final Table[] ac = new Table[4];
        private boolean huffmanFrame;
        private int width;
        private int height;
        /** Bits of a DC difference's magnitude at most (11 at 8-bit precision); an AC coefficient's is one less. */
        private int maxDcBits = 11;
        private int[] compId = new int[0];
        private int[] compH = new int[0];
        private int[] compV = new int[0];
        private int restartInterval;
        private boolean scanned;
        // The bit reader over one scan's data.
        private int pos;
        private long acc;
        private int nbits;
        private int markerAt = -1;
        private int fakeBits;

        Reader(byte[] b) { this.b = b; }

        void run() {
            int i = 2;
            while (true) {
                if (i + 1 >= b.length || (b[i] & 0xFF) != 0xFF) {
                    throw new Bad("no marker at byte " + i + " between segments");
                }
                int m = b[i + 1] & 0xFF;
                if (m == 0xFF) {
                    i++;
                    continue;
                }
                if (m == 0xD9) {
                    if (i + 2 != b.length) {
                        throw new Bad("an end-of-image marker at byte " + i + ", " + (b.length - i - 2) + " bytes before the end");
                    }
                    if (!scanned) {
                        throw new Bad("no scan data");
                    }
                    return;
                }
                if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
                    i += 2;
                    continue;
                }
                if (i + 4 > b.length) {
                    throw new Bad("a segment header runs past the end");
                }
                int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
                int start = i + 4;
                int end = i + 2 + len;
                if (len < 2 || end > b.length) {
                    throw new Bad("segment 0x" + Integer.toHexString(m).toUpperCase() + " at byte " + i + " runs past the end");
                }
                switch (m) {
                    case 0xC4 -> huffmanTables(start, end);
                    case 0xC0, 0xC1 -> frame(start, end, true);
                    case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> frame(start, end, false);
                    case 0xDD -> restartInterval = len >= 4 ? ((b[start] & 0xFF) << 8) | (b[start + 1] & 0xFF) : 0;
                    default -> { }
                }
                if (m == 0xDA) {
                    i = scan(start, end);
                    scanned = true;
                } else {
                    i = end;
                }
            }
        }

        private void huffmanTables(int p, int end) {
            while (p < end) {
                if (p + 17 > end) {
                    throw new Bad("a Huffman table is cut short");
                }
                int tc = (b[p] & 0xFF) >> 4;
                int th = b[p] & 0x0F;
                int[] counts = new int[17];
                int total = 0;
                for (int l = 1; l <= 16; l++) {
                    counts[l] = b[p + l] & 0xFF;
                    total += counts[l];
                }
                p += 17;
                if (tc > 1 || th > 3 || total > 256 || p + total > end) {
                    throw new Bad("a Huffman table is malformed");
                }
                byte[] values = java.util.Arrays.copyOfRange(b, p, p + total);
                p += total;
                (tc == 0 ? dc : ac)[th] = new Table(counts, values);
            }
        }

        private void frame(int p, int end, boolean huffman) {
            huffmanFrame = huffman;
            int n = end - p >= 6 ? b[p + 5] & 0xFF : 0;
            if (n == 0 || p + 6 + 3 * n > end) {
                throw new Bad("the frame header is malformed");
            }
            maxDcBits = (b[p] & 0xFF) + 3;
            height = ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
            width = ((b[p + 3] & 0xFF) << 8) | (b[p + 4] & 0xFF);
            compId = new int[n];
            compH = new int[n];
            compV = new int[n];
            for (int c = 0; c < n; c++) {
                compId[c] = b[p + 6 + 3 * c] & 0xFF;
                compH[c] = (b[p + 7 + 3 * c] & 0xFF) >> 4;
                compV[c] = b[p + 7 + 3 * c] & 0x0F;
                if (compH[c] < 1 || compH[c] > 4 || compV[c] < 1 || compV[c] > 4) {
                    throw new Bad("component " + compId[c] + " has sampling factors " + compH[c] + "x" + compV[c]);
                }
            }
        }

        /** Checks one scan; the index of the marker that ends it. */
        private int scan(int p, int end) {
            int ns = end - p >= 1 ? b[p] & 0xFF : 0;
            if (ns < 1 || ns > 4 || p + 1 + 2 * ns + 3 > end) {
                throw new Bad("the scan header is malformed");
            }
            int[] comps = new int[ns];
            Table[] dcs = new Table[ns];
            Table[] acs = new Table[ns];
            boolean decodable = huffmanFrame && width > 0 && height > 0;
            for (int s = 0; s < ns; s++) {
                int id = b[p + 1 + 2 * s] & 0xFF;
                int sel = b[p + 2 + 2 * s] & 0xFF;
                comps[s] = indexOf(id);
                dcs[s] = dc[sel >> 4];
                acs[s] = ac[sel & 0x0F];
                decodable &= dcs[s] != null && acs[s] != null;
            }
            int q = p + 1 + 2 * ns;
            decodable &= (b[q] & 0xFF) == 0 && (b[q + 1] & 0xFF) == 63 && (b[q + 2] & 0xFF) == 0;
            return decodable ? decode(end, comps, dcs, acs) : bytesOnly(end);
        }

        private int indexOf(int id) {
            for (int c = 0; c < compId.length; c++) {
                if (compId[c] == id) {
                    return c;
                }
            }
            throw new Bad("the scan names component " + id + ", which the frame does not have");
        }

        /** Stuffing and restart markers only. */
        private int bytesOnly(int p) {
            int rst = 0;
            while (p + 1 < b.length) {
                if ((b[p] & 0xFF) != 0xFF) {
                    p++;
                    continue;
                }
                int n = b[p + 1] & 0xFF;
                if (n == 0x00) {
                    p += 2;
                } else if (n == 0xFF) {
                    p++;
                } else if (n >= 0xD0 && n <= 0xD7) {
                    if (n != 0xD0 + (rst & 7)) {
                        throw new Bad(String.format("restart marker 0x%02X at byte %d where 0x%02X was due", n, p, 0xD0 + (rst & 7)));
                    }
                    rst++;
                    p += 2;
                } else if (n == 0xC4 || n == 0xCC || n == 0xD9 || n == 0xDA || n == 0xDB || n == 0xDC || n == 0xDD || n == 0xFE
                        || (n >= 0xE0 && n <= 0xEF)) {
                    return p;
                } else {
                    throw new Bad(String.format("an unstuffed 0xFF at byte %d (followed by 0x%02X) in the scan data", p, n));
                }
            }
            throw new Bad("the scan data runs to the end of the file");
        }

        private int decode(int start, int[] comps, Table[] dcs, Table[] acs) {
            int hMax = 1;
            int vMax = 1;
            for (int c = 0; c < compH.length; c++) {
                hMax = Math.max(hMax, compH[c]);
                vMax = Math.max(vMax, compV[c]);
            }
            long mcus;
            int[] blocksPerMcu = new int[comps.length];
            if (comps.length == 1) {
                int c = comps[0];
                long w = ceil((long) width * compH[c], hMax);
                long h = ceil((long) height * compV[c], vMax);
                mcus = ceil(w, 8) * ceil(h, 8);
                blocksPerMcu[0] = 1;
            } else {
                mcus = ceil(width, 8L * hMax) * ceil(height, 8L * vMax);
                for (int s = 0; s < comps.length; s++) {
                    blocksPerMcu[s] = compH[comps[s]] * compV[comps[s]];
                }
            }
            startBits(start);
            int rst = 0;
            for (long mcu = 0; mcu < mcus; mcu++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    endOfInterval(mcu, mcus);
                    int marker = b[markerAt + 1] & 0xFF;
                    if (marker != 0xD0 + (rst & 7)) {
                        throw new Bad(String.format("marker 0x%02X after MCU %d of %d where restart marker 0x%02X was due",
                                marker, mcu, mcus, 0xD0 + (rst & 7)));
                    }
                    rst++;
                    startBits(markerAt + 2);
                }
                for (int s = 0; s < comps.length; s++) {
                    for (int k = 0; k < blocksPerMcu[s]; k++) {
                        block(dcs[s], acs[s], mcu, mcus);
                    }
                }
            }
            endOfInterval(mcus, mcus);
            int marker = b[markerAt + 1] & 0xFF;
            if (marker >= 0xD0 && marker <= 0xD7) {
                throw new Bad(String.format("restart marker 0x%02X after the last of %d MCUs", marker, mcus));
            }
            return markerAt;
        }

        private void block(Table dcTable, Table acTable, long mcu, long mcus) {
            int s = symbol(dcTable, mcu, mcus);
            if (s > maxDcBits) {
                throw new Bad("a DC difference of " + s + " bits in MCU " + mcu + " of " + mcus);
            }
            skip(s);
            for (int k = 1; k < 64; k++) {
                // A code (up to 16 bits) and its magnitude (up to 15) read at once from one lookup where the code is short.
                if (nbits < 32) {
                    fill();
                }
                int e = acTable.fast[(int) (acc >>> (nbits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)];
                int rs;
                if (e != 0) {
                    rs = e & 0xFF;
                    s = rs & 15;
                    nbits -= (e >> 8) + s;
                } else {
                    rs = symbol(acTable, mcu, mcus);
                    s = rs & 15;
                    nbits -= s;
                }
                int r = rs >> 4;
                if (s == 0) {
                    if (r != 15) {
                        return;
                    }
                    k += 15;
                    continue;
                }
                k += r;
                if (k > 63 || s > maxDcBits - 1) {
                    throw new Bad("coefficients run past the end of a block in MCU " + mcu + " of " + mcus);
                }
            }
            if (fakeBits > 0 && consumedFake()) {
                throw new Bad("the scan data ends in MCU " + mcu + " of " + mcus + " (premature end of data segment)");
            }
        }

        private int symbol(Table t, long mcu, long mcus) {
            if (nbits < 16) {
                fill();
            }
            int e = t.fast[(int) (acc >>> (nbits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)];
            if (e != 0) {
                nbits -= e >> 8;
                return e & 0xFF;
            }
            for (int l = LOOKAHEAD + 1; l <= 16; l++) {
                int code = (int) (acc >>> (nbits - l)) & ((1 << l) - 1);
                if (code <= t.maxCode[l]) {
                    nbits -= l;
                    return t.values[code + t.valOffset[l]] & 0xFF;
                }
            }
            if (consumedFakeAt(16)) {
                throw new Bad("the scan data ends in MCU " + mcu + " of " + mcus + " (premature end of data segment)");
            }
            throw new Bad("a bad Huffman code in MCU " + mcu + " of " + mcus);
        }

        private void skip(int s) {
            if (nbits < s) {
                fill();
            }
            nbits -= s;
        }

        private void startBits(int p) {
            pos = p;
            acc = 0;
            nbits = 0;
            markerAt = -1;
            fakeBits = 0;
        }

        /** Tops the buffer up past 56 bits; past a marker with zero bits, as a decoder does, counted as fake. */
        private void fill() {
            // Most of the time the next 8 bytes hold no 0xFF (no stuffing, no marker): take as many as fit at once.
            if (markerAt < 0 && nbits <= 56 && pos + 8 <= b.length) {
                long x = (long) BIG_ENDIAN_LONG.get(b, pos);
                long v = ~x;
                if (((v - 0x0101010101010101L) & ~v & 0x8080808080808080L) == 0) {
                    int k = (64 - nbits) >>> 3;
                    acc = k == 8 ? x : (acc << (8 * k)) | (x >>> (64 - 8 * k));
                    nbits += 8 * k;
                    pos += k;
                    return;
                }
            }
            while (nbits <= 56) {
                int v = 0;
                if (markerAt < 0 && pos + 1 >= b.length) {
                    markerAt = b.length - 2;
                }
                if (markerAt < 0) {
                    int c = b[pos] & 0xFF;
                    int n = b[pos + 1] & 0xFF;
                    if (c != 0xFF) {
                        v = c;
                        pos++;
                    } else if (n == 0x00) {
                        v = 0xFF;
                        pos += 2;
                    } else if (n == 0xFF) {
                        pos++;
                        continue;
                    } else {
                        markerAt = pos;
                    }
                }
                if (markerAt >= 0) {
                    fakeBits += 8;
                }
                acc = (acc << 8) | v;
                nbits += 8;
            }
        }

        /** Whether decoding has used bits that were never in the data. */
        private boolean consumedFake() { return fakeBits > nbits; }

        private boolean consumedFakeAt(int more) { return fakeBits > nbits - more; }

        /** At a restart marker or the scan's end: no bit used that was not there, no whole byte left unused. */
        private void endOfInterval(long mcu, long mcus) {
            if (consumedFake()) {
                throw new Bad("the scan data ends in MCU " + mcu + " of " + mcus + " (premature end of data segment)");
            }
            while (markerAt < 0 && nbits - fakeBits < 8) {
                fill();
            }
            // Less than a byte left is the padding to the byte boundary; more is data no block used.
            if (nbits - fakeBits >= 8) {
                throw new Bad("data left over after MCU " + mcu + " of " + mcus + " (extraneous bytes before the next marker)");
            }
        }

        private static long ceil(long a, long d) { return (a + d - 1) / d; }
    }
}
