#pragma once
// --screenshot: waits until the window shows predictions and a feature map, lets the
// panels paint, saves MainWindow::grab() as PNG and ends the event loop with exit code 0;
// 1 (with a message on stderr) when the model or image fails, the file cannot be written,
// or nothing is shown within the timeout. In live mode (--video) it waits for 20 classified
// frames, or 3 s after the first, instead of an idle window.
#include <QObject>
#include <QString>

namespace ds::ui {
class MainWindow;
}
class QTimer;
class QWidget;

// The texts `root` and its visible children show (labels, buttons, tabs, dock and group
// titles, menu bar entries, combo boxes), each character checked against the font Qt draws it
// with: QRawFont::fromFont for the character's writing system (Japanese for kana and CJK
// ideographs, else Latin), which follows Qt's font fallback. Returns the characters without a
// glyph (empty: all drawn); `checked` gets how many distinct characters were checked and
// `fonts` the families used.
QString missingGlyphs(QWidget* root, int* checked, QStringList* fonts);

class ScreenshotTaker : public QObject {
    Q_OBJECT
public:
    // checkGlyphs: after saving, checkShownGlyphs() on the window; exit code 3 when a shown
    // character has no glyph.
    ScreenshotTaker(ds::ui::MainWindow* window, const QString& file, int timeoutS,
                    bool checkGlyphs = false);
    // No picture: prints `message` on stderr and ends the event loop with 1 (once). main()
    // calls it for start-up problems that only a panel reports (a damaged --head, a
    // --teach-data that cannot be trained).
    void fail(const QString& message);

private:
    void onView();
    void take();
    void liveReady();  // --video: enough frames classified, the picture comes kSettleMs later

    ds::ui::MainWindow* m_window;
    QString m_file;
    QTimer* m_settle;
    bool m_done = false;
    bool m_checkGlyphs = false;
    static constexpr int kLiveFrames = 20;  // --video: frames classified before the picture
    int m_liveFrames = 0;
    bool m_liveReady = false;
};

namespace ds::ui {
class LessonMode;
}
// --lesson with --screenshot: saves the lesson window's picture once its current step is
// prepared and painted, then ends the event loop with 0; 1 with a message when the file cannot
// be written or the step is not ready within the timeout.
void takeLessonScreenshot(ds::ui::LessonMode* lesson, const QString& file, int timeoutS);
