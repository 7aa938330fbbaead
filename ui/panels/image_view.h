#pragma once
// The image view: the original image and the exact 224 x 224 network input (after resize
// and center crop) side by side, with their sizes, and image errors shown in place.
#include <QImage>
#include <QWidget>

class QLabel;

namespace ds::ui {

// Paints an image scaled to fit, keeping its aspect ratio, sharp on high-DPI screens.
class ScaledImage : public QWidget {
    Q_OBJECT
public:
    explicit ScaledImage(QWidget* parent = nullptr);
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
};

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    void setImages(const QImage& original, const QImage& networkInput, const QString& source);
    void setError(const QString& message);  // empty clears it; the images stay

    QImage original() const;
    QImage networkInput() const;
    QString source() const { return m_source; }

private:
    ScaledImage* m_original = nullptr;
    ScaledImage* m_input = nullptr;
    QLabel* m_originalCaption = nullptr;
    QLabel* m_inputCaption = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_error = nullptr;
    QString m_source;
};

}  // namespace ds::ui
