#include "screenshot.h"

#include <QApplication>
#include <QCoreApplication>
#include <QAbstractButton>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QRawFont>
#include <QRegularExpression>
#include <QSet>
#include <QTabBar>
#include <QTextDocument>
#include <QMenu>
#include <QPainter>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "feature_map_panel.h"
#include "file_output.h"
#include "live_controller.h"
#include "lesson_mode.h"
#include "live_feed.h"
#include "main_window.h"
#include "predictions_chart.h"

namespace {
constexpr int kSettleMs = 700;  // queued replots and layout passes finish well within this
// --video: the picture once kLiveFrames frames are classified, or this long after the first
// (a 2 fps clip takes 10 s to show 20 frames).
constexpr int kLiveMaxMs = 3000;
}

QString missingGlyphs(QWidget* root, int* checked, QStringList* fonts) {
    QList<QPair<QFont, QString>> texts;
    auto add = [&](const QWidget* w, QString text) {
        if (Qt::mightBeRichText(text)) {
            QTextDocument doc;
            doc.setHtml(text);
            text = doc.toPlainText();
        }
        text.remove(QLatin1Char('&'));  // mnemonics
        if (!text.isEmpty()) texts.append({w->font(), text});
    };
    add(root, root->windowTitle());
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisible()) continue;
        if (auto* l = qobject_cast<QLabel*>(w)) add(w, l->text());
        else if (auto* b = qobject_cast<QAbstractButton*>(w)) add(w, b->text());
        else if (auto* c = qobject_cast<QComboBox*>(w)) add(w, c->currentText());
        else if (auto* g = qobject_cast<QGroupBox*>(w)) add(w, g->title());
        else if (auto* t = qobject_cast<QTabBar*>(w))
            for (int i = 0; i < t->count(); ++i) add(w, t->tabText(i));
        else if (auto* m = qobject_cast<QMenuBar*>(w))
            for (QAction* a : m->actions()) add(w, a->text());
        if (auto* d = qobject_cast<QDockWidget*>(w)) add(w, d->windowTitle());
    }
    QSet<QString> families;
    QSet<char32_t> seen;
    QString missing;
    for (const auto& [font, text] : texts)
        for (const char32_t c : text.toUcs4()) {
            if (c <= 0x20 || QChar::isSpace(c) || seen.contains(c)) continue;
            seen.insert(c);
            const bool japanese = (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
                                  (c >= 0xFF00 && c <= 0xFFEF);
            const QRawFont raw = QRawFont::fromFont(
                font, japanese ? QFontDatabase::Japanese : QFontDatabase::Latin);
            // With no font at all Qt draws boxes through an engine with no font tables (and
            // whose familyName() crashes): a real font always has a character map.
            const bool real = raw.isValid() && !raw.fontTable("cmap").isEmpty();
            if (real && raw.supportsCharacter(c)) {
                families.insert(raw.familyName());
            } else {
                missing += QString::fromUcs4(&c, 1);
            }
        }
    *checked = int(seen.size());
    *fonts = QStringList(families.begin(), families.end());
    fonts->sort();
    return missing;
}

ScreenshotTaker::ScreenshotTaker(ds::ui::MainWindow* window, const QString& file, int timeoutS,
                                 bool checkGlyphs)
    : QObject(window), m_window(window), m_file(file), m_settle(new QTimer(this)),
      m_checkGlyphs(checkGlyphs) {
    m_settle->setSingleShot(true);
    m_settle->setInterval(kSettleMs);
    connect(m_settle, &QTimer::timeout, this, &ScreenshotTaker::take);
    connect(window, &ds::ui::MainWindow::viewShown, this, &ScreenshotTaker::onView);
    connect(window, &ds::ui::MainWindow::idle, this, &ScreenshotTaker::onView);
    // Live mode is never idle while frames come: the picture is taken once kLiveFrames frames
    // have been classified (with their rate and dropped share in the status bar).
    connect(window->live()->feed(), &ds::ui::LiveFeed::frameAnswered, this, [this] {
        if (++m_liveFrames == 1) QTimer::singleShot(kLiveMaxMs, this, &ScreenshotTaker::liveReady);
        if (m_liveFrames == kLiveFrames) liveReady();
    });
    connect(window, &ds::ui::MainWindow::errorShown, this, [this](ds::ui::RequestKind, const QString& message) {
        fail(QStringLiteral("densescope: cannot take the screenshot: %1").arg(message));
    });
    QTimer::singleShot(timeoutS * 1000, this, [this, timeoutS] {
        fail(QStringLiteral(
                 "densescope: no predictions and feature maps after %1 s; no screenshot written.")
                 .arg(timeoutS));
    });
}

void ScreenshotTaker::liveReady() {
    if (m_liveReady) return;
    m_liveReady = true;
    m_settle->start();
}

void ScreenshotTaker::onView() {
    // Live: each frame's view would restart the settle timer, which then never fires when
    // frames come faster than kSettleMs; the frames answered decide instead (above).
    if (m_window->live()->source()) return;
    const bool ready =
        !m_window->predictions()->labels().isEmpty() && m_window->featureMaps()->featureMap();
    if (ready && m_window->isIdle()) m_settle->start();  // restarts while newer views arrive
}

void ScreenshotTaker::take() {
    if (m_done) return;
    if (!m_window->isIdle() && !m_liveReady) return m_settle->start();
    QPixmap shot = m_window->grab();
    {  // dialogs and menus open over the window (--dialog) are in the picture too
        QPainter painter(&shot);
        const QPoint origin = m_window->mapToGlobal(QPoint());
        for (QWidget* w : QApplication::topLevelWidgets())
            if (w != m_window && w->isVisible() && (qobject_cast<QDialog*>(w) || qobject_cast<QMenu*>(w)))
                painter.drawPixmap(w->mapToGlobal(QPoint()) - origin, w->grab());
    }
    try {
        ds::ui::saveImageFile(shot.toImage(), m_file, "PNG");  // atomic: no half-written PNG
    } catch (const std::exception& e) {
        return fail(QStringLiteral("densescope: cannot write the screenshot to %1: %2")
                        .arg(m_file, QString::fromUtf8(e.what())));
    }
    m_done = true;
    std::fprintf(stderr, "densescope: screenshot written to %s\n", qPrintable(m_file));
    if (m_checkGlyphs) {
        int checked = 0;
        QStringList fonts;
        const QString missing = missingGlyphs(m_window, &checked, &fonts);
        if (!missing.isEmpty()) {
            std::fprintf(stderr, "densescope: %d of the %d characters shown have no glyph in any font: %s (fonts: %s)\n",
                         int(missing.toUcs4().size()), checked, qPrintable(missing),
                         qPrintable(fonts.join(QStringLiteral(", "))));
            QCoreApplication::exit(3);
            return;
        }
        std::fprintf(stderr, "densescope: all %d characters shown have glyphs (fonts: %s)\n", checked,
                     qPrintable(fonts.join(QStringLiteral(", "))));
    }
    QCoreApplication::exit(0);
}

void ScreenshotTaker::fail(const QString& message) {
    if (m_done) return;
    m_done = true;
    std::fprintf(stderr, "%s\n", qPrintable(message));
    QCoreApplication::exit(1);
}

void takeLessonScreenshot(ds::ui::LessonMode* lesson, const QString& file, int timeoutS) {
    auto* settle = new QTimer(lesson);
    settle->setSingleShot(true);
    settle->setInterval(300);  // the painted step reaches the screen
    auto done = std::make_shared<bool>(false);
    QObject::connect(settle, &QTimer::timeout, lesson, [lesson, file, done] {
        if (*done) return;
        *done = true;
        try {
            ds::ui::saveImageFile(lesson->grabPage(), file, "PNG");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "densescope: cannot write the screenshot to %s: %s\n", qPrintable(file), e.what());
            QCoreApplication::exit(1);
            return;
        }
        std::fprintf(stderr, "densescope: screenshot written to %s\n", qPrintable(file));
        QCoreApplication::exit(0);
    });
    QObject::connect(lesson, &ds::ui::LessonMode::stepPainted, settle, [settle](int, bool ready) {
        if (ready) settle->start();
    });
    lesson->update();
    QTimer::singleShot(timeoutS * 1000, lesson, [done, timeoutS] {
        if (*done) return;
        *done = true;
        std::fprintf(stderr, "densescope: the lesson step was not ready after %d s; no screenshot written.\n", timeoutS);
        QCoreApplication::exit(1);
    });
}
