#include "image_view.h"
#include "retranslate.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace ds::ui {

ScaledImage::ScaledImage(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ScaledImage::setImage(const QImage& image) {
    m_image = image;
    update();
}

QSize ScaledImage::sizeHint() const {
    const int side = fontMetrics().height() * 12;
    return {side, side};
}

QSize ScaledImage::minimumSizeHint() const {
    const int side = fontMetrics().height() * 4;
    return {side, side};
}

void ScaledImage::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (m_image.isNull()) return;
    QSizeF size = m_image.size();
    size.scale(this->size(), Qt::KeepAspectRatio);
    const QRectF target((width() - size.width()) / 2, (height() - size.height()) / 2, size.width(),
                        size.height());
    // Upscaled small inputs (the 224 crop) stay crisp enough to see pixels; downscaling is smooth.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, size.width() < m_image.width());
    painter.drawImage(target, m_image);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(target.adjusted(0, 0, -1, -1));
}

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("imageView"));
    m_original = new ScaledImage;
    m_original->setObjectName(QStringLiteral("originalImage"));
    m_input = new ScaledImage;
    m_input->setObjectName(QStringLiteral("networkInputImage"));
    m_original->setToolTip(tr("The image as decoded"));
    m_input->setToolTip(
        tr("What the network sees: shorter side resized to 256, center crop 224 × 224"));
    m_originalCaption = new QLabel;
    m_inputCaption = new QLabel;
    for (QLabel* l : {m_originalCaption, m_inputCaption}) {
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
    }
    m_originalCaption->setObjectName(QStringLiteral("originalCaption"));
    m_inputCaption->setObjectName(QStringLiteral("networkInputCaption"));
    auto* arrow = new QLabel(QStringLiteral("→"));
    arrow->setAlignment(Qt::AlignCenter);
    arrow->setToolTip(
        tr("Resize the shorter side to 256 (bilinear, antialiased), center crop 224 × 224"));
    m_placeholder =
        new QLabel(tr("Open an image (Ctrl+O), paste one (Ctrl+V), drop files here, "
                      "or pick a sample from the File menu."));
    m_placeholder->setObjectName(QStringLiteral("imagePlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("imageErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto* grid = new QGridLayout;
    grid->addWidget(m_original, 0, 0);
    grid->addWidget(arrow, 0, 1);
    grid->addWidget(m_input, 0, 2);
    grid->addWidget(m_originalCaption, 1, 0);
    grid->addWidget(m_inputCaption, 1, 2);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(2, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_placeholder);
    layout->addLayout(grid, 1);
    layout->addWidget(m_error);
    setImages({}, {}, {});
    onLanguageChange(
        this,
        [this, arrow] {
            m_original->setToolTip(tr("The image as decoded"));
            m_input->setToolTip(
                tr("What the network sees: shorter side resized to 256, center crop 224 × 224"));
            arrow->setToolTip(tr(
                "Resize the shorter side to 256 (bilinear, antialiased), center crop 224 × 224"));
            m_placeholder->setText(
                tr("Open an image (Ctrl+O), paste one (Ctrl+V), drop files here, "
                   "or pick a sample from the File menu."));
            setImages(original(), networkInput(), m_source);  // the captions
        },
        /*now=*/false);
}

void ImageView::setImages(const QImage& original, const QImage& networkInput,
                          const QString& source) {
    m_source = source;
    m_original->setImage(original);
    m_input->setImage(networkInput);
    const bool empty = original.isNull();
    m_placeholder->setVisible(empty);
    const QString name = source.startsWith(QLatin1Char(':'))
                             ? tr("sample %1").arg(QFileInfo(source).fileName())
                             : QFileInfo(source).fileName();
    m_originalCaption->setText(empty ? QString()
                                     : tr("%1 — %2 × %3")
                                           .arg(name.isEmpty() ? source : name)
                                           .arg(original.width())
                                           .arg(original.height()));
    m_originalCaption->setToolTip(source);
    m_inputCaption->setText(
        networkInput.isNull()
            ? QString()
            : tr("network input %1 × %2").arg(networkInput.width()).arg(networkInput.height()));
}

void ImageView::setError(const QString& message) {
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QImage ImageView::original() const { return m_original->image(); }
QImage ImageView::networkInput() const { return m_input->image(); }

}  // namespace ds::ui
