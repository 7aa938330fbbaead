#include "handout.h"

#include <QBuffer>
#include <QFile>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>

#include <exception>

#include "builtin_lesson.h"
#include "densescope/atomic_file.h"
#include "densescope/errors.h"
#include "file_output.h"

namespace ds::ui {
namespace {

constexpr int kDpi = 150;  // pictures are sharp enough on paper, files stay small

QString word(const HandoutOptions& o, const char* source) {
    return translatedFor(o.language, "ds::ui::Handout", source);
}

// Draws the page's parts top down; `y` is where the next one starts.
class PageWriter {
public:
    PageWriter(QPainter& painter, const QString& language)
        : m_p(painter), m_width(painter.device()->width()), m_height(painter.device()->height()) {
        // One CJK family with Latin glyphs for Japanese, so digits match the text beside them.
        if (language == QLatin1String("ja")) m_family = QStringLiteral("Noto Sans CJK JP");
    }

    qreal y() const { return m_y; }
    qreal height() const { return m_height; }
    qreal width() const { return m_width; }
    void top() { m_y = 0; }

    // Wrapped text; returns false (drawing what fits) when the page is full.
    bool text(const QString& text, qreal points, bool bold = false, QColor colour = Qt::black,
              qreal spaceAfter = 0.5) {
        QFont font = m_p.font();
        if (!m_family.isEmpty()) font.setFamily(m_family);
        font.setPointSizeF(points);
        font.setBold(bold);
        m_p.setFont(font);
        m_p.setPen(colour);
        const QFontMetricsF metrics(font, m_p.device());
        const QRectF room(0, m_y, m_width, m_height - m_y);
        const QRectF needed = metrics.boundingRect(room, Qt::TextWordWrap, text);
        m_p.drawText(room, Qt::TextWordWrap, text);
        m_y += needed.height() + metrics.height() * spaceAfter;
        return m_y <= m_height;
    }

    void picture(const QImage& image, qreal maxHeight) {
        if (image.isNull()) return;
        QSizeF size(m_width, m_width * image.height() / qMax(1, image.width()));
        if (size.height() > maxHeight) size = size.scaled(QSizeF(m_width, maxHeight), Qt::KeepAspectRatio);
        const QRectF target((m_width - size.width()) / 2, m_y, size.width(), size.height());
        m_p.drawImage(target, image);
        m_p.setPen(QColor(180, 180, 180));
        m_p.drawRect(target);
        m_y += size.height() + m_height * 0.02;
    }

    // A framed box with the reason a step is not shown, as tall as a picture would be.
    void notShown(const QString& reason, qreal boxHeight) {
        const QRectF box(0, m_y, m_width, boxHeight);
        m_p.fillRect(box, QColor(245, 245, 245));
        m_p.setPen(QColor(150, 150, 150));
        m_p.drawRect(box);
        QFont font = m_p.font();
        if (!m_family.isEmpty()) font.setFamily(m_family);
        font.setPointSizeF(12);
        font.setBold(false);
        m_p.setFont(font);
        m_p.setPen(QColor(90, 90, 90));
        m_p.drawText(box.adjusted(m_width * 0.05, 0, -m_width * 0.05, 0),
                     Qt::AlignCenter | Qt::TextWordWrap, reason);
        m_y += boxHeight + m_height * 0.02;
    }

private:
    QPainter& m_p;
    qreal m_width;
    qreal m_height;
    qreal m_y = 0;
    QString m_family;
};

QString orCurrent(const HandoutOptions& o, const QString& value) {
    return value.isEmpty() ? word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "as in the workbench"))
                           : value;
}

void firstPage(PageWriter& page, const Lesson& lesson, const HandoutOptions& o) {
    page.text(lesson.title.isEmpty()
                  ? word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "DenseScope lesson"))
                  : lesson.title,
              22, /*bold=*/true);
    page.text(word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "A DenseScope lesson handout, %1 steps"))
                  .arg(lesson.steps.size()),
              11, false, QColor(90, 90, 90), 1.5);
    page.text(word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "Model: %1"))
                  .arg(orCurrent(o, o.model.isEmpty() ? lesson.variant : o.model)),
              12);
    page.text(word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "Weights: %1"))
                  .arg(orCurrent(o, o.weights.isEmpty() ? lesson.weights : o.weights)),
              12);
    page.text(word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "Image: %1"))
                  .arg(orCurrent(o, o.image.isEmpty() ? lesson.image : o.image)),
              12, false, Qt::black, 1.5);
    page.text(word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "Steps")), 14, /*bold=*/true);
    for (int i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& s = lesson.steps[i];
        QString line = QStringLiteral("%1. %2").arg(i + 1).arg(s.title);
        if (!s.problem.isEmpty())
            line += QStringLiteral(" (%1)").arg(
                word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "cannot be shown")));
        if (!page.text(line, 11, false, Qt::black, 0.2)) break;
    }
}

void stepPage(PageWriter& page, const Lesson& lesson, int index, const StepRenderer& render,
              const HandoutOptions& o) {
    const LessonStep& s = lesson.steps[index];
    page.text(word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "%1 · step %2 of %3"))
                  .arg(lesson.title)
                  .arg(index + 1)
                  .arg(lesson.steps.size()),
              8, false, QColor(120, 120, 120));
    page.text(s.title, 18, /*bold=*/true);
    const qreal pictureHeight = page.width() * o.viewSize.height() / qMax(1, o.viewSize.width());
    QString reason = s.problem;
    QImage image;
    if (reason.isEmpty() && render) {
        try {
            image = render(index, o.viewSize);
        } catch (const std::exception& e) {
            reason = QString::fromUtf8(e.what());
        }
    }
    if (!reason.isEmpty())
        page.notShown(
            word(o, QT_TRANSLATE_NOOP("ds::ui::Handout", "This step cannot be shown: %1")).arg(reason),
            pictureHeight);
    else
        page.picture(image, page.height() * 0.6);
    page.text(s.note, 11);
}

}  // namespace

std::optional<QPageSize::PageSizeId> handoutPageFromName(const QString& name) {
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("a4")) return QPageSize::A4;
    if (n == QLatin1String("letter")) return QPageSize::Letter;
    return std::nullopt;
}

QByteArray handoutPdf(const Lesson& lesson, const StepRenderer& render,
                      const HandoutOptions& given, const std::function<bool(int, int)>& progress) {
    HandoutOptions o = given;
    if (o.language.isEmpty()) o.language = lesson.language;
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(kDpi);
        writer.setPageSize(QPageSize(o.page));
        writer.setPageMargins(QMarginsF(18, 15, 18, 15), QPageLayout::Millimeter);
        writer.setTitle(lesson.title);
        writer.setCreator(QStringLiteral("DenseScope"));
        QPainter painter(&writer);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        PageWriter page(painter, o.language);
        firstPage(page, lesson, o);
        const int n = int(lesson.steps.size());
        for (int i = 0; i < n; ++i) {
            if (progress && !progress(i, n)) {
                painter.end();
                throw ds::Cancelled("The handout was cancelled.");
            }
            writer.newPage();
            page.top();
            stepPage(page, lesson, i, render, o);
        }
        if (progress) progress(n, n);
    }
    return bytes;
}

void writeHandout(const Lesson& lesson, const QString& path, const StepRenderer& render,
                  const HandoutOptions& options, const std::function<bool(int, int)>& progress) {
    ds::checkOutputTarget(QFile::encodeName(path).toStdString());  // before the slow part
    saveBytesFile(handoutPdf(lesson, render, options, progress), path);
}

}  // namespace ds::ui
