#pragma once
// A generated data set for teaching tests (tst_teach): four classes that differ by shape and
// colour (red circles, blue squares, green triangles, yellow stripes) at random positions and
// sizes on random greyish backgrounds with a gradient, 256x256 PNGs (the exact preprocessing path).
// Seeded: the same seed writes the same pixels.
#include <QColor>
#include <QDir>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPolygonF>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

namespace teachdata {

inline const QStringList& classNames() {
    static const QStringList names{"circle", "square", "triangle", "stripes"};
    return names;
}

inline QColor jitter(QRandomGenerator& rng, int r, int g, int b) {
    const auto j = [&rng](int v) { return qBound(0, v + rng.bounded(-20, 21), 255); };
    return QColor(j(r), j(g), j(b));
}

// One image of class `cls` (index into classNames()).
inline QImage draw(int cls, QRandomGenerator& rng) {
    const int side = 256;
    QImage image(side, side, QImage::Format_RGB888);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    // Random greyish tones: the class colours stand out, the shapes' places and sizes vary.
    const auto muted = [&rng] {
        const int grey = rng.bounded(50, 201);
        return QColor(grey + rng.bounded(-20, 21), grey + rng.bounded(-20, 21),
                      grey + rng.bounded(-20, 21));
    };
    QLinearGradient gradient(rng.bounded(side), rng.bounded(side), rng.bounded(side),
                             rng.bounded(side));
    gradient.setColorAt(0, muted());
    gradient.setColorAt(1, muted());
    p.fillRect(image.rect(), gradient);
    // The shape inside the 224x224 centre crop: size 70..150, anywhere it fits.
    const int size = rng.bounded(70, 151);
    const int x = rng.bounded(20, 236 - size), y = rng.bounded(20, 236 - size);
    p.setPen(Qt::NoPen);
    switch (cls) {
        case 0:
            p.setBrush(jitter(rng, 220, 30, 30));
            p.drawEllipse(QRectF(x, y, size, size));
            break;
        case 1:
            p.setBrush(jitter(rng, 30, 50, 220));
            p.drawRect(QRectF(x, y, size, size));
            break;
        case 2: {
            p.setBrush(jitter(rng, 30, 190, 40));
            p.drawPolygon(QPolygonF(
                {QPointF(x + size / 2.0, y), QPointF(x + size, y + size), QPointF(x, y + size)}));
            break;
        }
        default: {
            p.setBrush(jitter(rng, 235, 215, 30));
            const int bars = rng.bounded(3, 6);
            const double step = double(size) / bars, width = step * 0.5;
            const bool vertical = rng.bounded(2) == 0;
            for (int i = 0; i < bars; ++i)
                p.drawRect(vertical ? QRectF(x + i * step, y, width, size)
                                    : QRectF(x, y + i * step, size, width));
            break;
        }
    }
    p.end();
    return image;
}

// Writes perClass images per class into dir/<class>/NNN.png. Returns false when a file
// cannot be written.
inline bool write(const QString& dir, int perClass, quint32 seed) {
    QRandomGenerator rng(seed);
    for (int c = 0; c < classNames().size(); ++c) {
        const QString folder = dir + "/" + classNames()[c];
        if (!QDir().mkpath(folder)) return false;
        for (int i = 0; i < perClass; ++i)
            if (!draw(c, rng).save(QString("%1/%2.png").arg(folder).arg(i, 3, 10, QChar('0'))))
                return false;
    }
    return true;
}

}  // namespace teachdata
