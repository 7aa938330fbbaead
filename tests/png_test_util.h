#pragma once
// Hand-made PNG files for the image tests: chunks with their CRC, and a small encoder that
// writes any colour type, bit depth and interlacing (Qt's writer makes only some of them).
#include <QByteArray>
#include <QList>
#include <QtEndian>

#include <cstdint>

namespace pngtest {

// PNG chunk CRC (ISO 3309 / zlib crc32).
inline quint32 crc32(const QByteArray& data) {
    quint32 c = 0xffffffffu;
    for (char ch : data) {
        c ^= quint8(ch);
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

inline QByteArray chunk(const char* type, const QByteArray& payload) {
    QByteArray out;
    quint32 be = qToBigEndian(quint32(payload.size()));
    out.append(reinterpret_cast<const char*>(&be), 4);
    const QByteArray body = QByteArray(type, 4) + payload;
    out.append(body);
    be = qToBigEndian(crc32(body));
    out.append(reinterpret_cast<const char*>(&be), 4);
    return out;
}

inline QByteArray signature() { return QByteArray("\x89PNG\r\n\x1a\n", 8); }

inline QByteArray be32(quint32 v) {
    const quint32 be = qToBigEndian(v);
    return QByteArray(reinterpret_cast<const char*>(&be), 4);
}

inline QByteArray ihdr(quint32 width, quint32 height, int bitDepth, int colorType,
                       int interlace = 0) {
    return chunk("IHDR", be32(width) + be32(height) + char(bitDepth) + char(colorType) + char(0) +
                             char(0) + char(interlace));
}

inline int channels(int colorType) {
    switch (colorType) {
        case 2:
            return 3;
        case 4:
            return 2;
        case 6:
            return 4;
        default:
            return 1;  // grey, palette
    }
}

// An image's samples, channels() per pixel, each below 2^bitDepth.
struct Raw {
    int width = 0, height = 0, bitDepth = 8, colorType = 2;
    QList<quint16> samples;
    quint16 at(int x, int y, int c) const {
        return samples[(qsizetype(y) * width + x) * channels(colorType) + c];
    }
};

// Filter type 0 rows of the pixels (x0 + k*dx, y0 + j*dy), packed as the PNG spec says.
inline QByteArray scanlines(const Raw& raw, int x0, int y0, int dx, int dy) {
    QByteArray out;
    const int ch = channels(raw.colorType);
    for (int y = y0; y < raw.height; y += dy) {
        if (x0 >= raw.width) break;
        out.append('\0');
        quint32 acc = 0;
        int bits = 0;
        for (int x = x0; x < raw.width; x += dx) {
            for (int c = 0; c < ch; ++c) {
                const quint16 v = raw.at(x, y, c);
                if (raw.bitDepth == 16) {
                    out.append(char(v >> 8)).append(char(v & 0xff));
                } else if (raw.bitDepth == 8) {
                    out.append(char(v));
                } else {
                    acc = (acc << raw.bitDepth) | v;
                    bits += raw.bitDepth;
                    if (bits == 8) {
                        out.append(char(acc));
                        acc = 0;
                        bits = 0;
                    }
                }
            }
        }
        if (bits) out.append(char(acc << (8 - bits)));
    }
    return out;
}

// The zlib stream of the image data, progressive (Adam7) or not.
inline QByteArray imageData(const Raw& raw, bool interlaced) {
    QByteArray filtered;
    if (!interlaced) {
        filtered = scanlines(raw, 0, 0, 1, 1);
    } else {
        static const int kPasses[7][4] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                          {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
        for (const auto& p : kPasses) filtered += scanlines(raw, p[0], p[1], p[2], p[3]);
    }
    return qCompress(filtered).mid(4);  // drop Qt's length prefix: a zlib stream remains
}

// A whole file: signature, IHDR, `before` (PLTE, tRNS, gAMA, ... as chunks), IDAT, IEND.
inline QByteArray encode(const Raw& raw, bool interlaced, const QByteArray& before = {}) {
    return signature() +
           ihdr(quint32(raw.width), quint32(raw.height), raw.bitDepth, raw.colorType,
                interlaced ? 1 : 0) +
           before + chunk("IDAT", imageData(raw, interlaced)) + chunk("IEND", {});
}

// Deterministic samples below `limit` (an LCG: the same image on every run).
inline Raw noiseRaw(int width, int height, int bitDepth, int colorType, quint32 limit,
                    quint32 seed = 12345) {
    Raw raw;
    raw.width = width;
    raw.height = height;
    raw.bitDepth = bitDepth;
    raw.colorType = colorType;
    const qsizetype n = qsizetype(width) * height * channels(colorType);
    raw.samples.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        raw.samples.append(quint16((seed >> 8) % limit));
    }
    return raw;
}

}  // namespace pngtest
