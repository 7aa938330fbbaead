#pragma once
// The images the main window classifies: one file, several files, a folder (the browse list,
// image_browser.h), a pasted or dropped image, the samples and the recent files, and stepping
// through the list (PgUp/PgDn, and Left/Right on the image). It owns those actions and menus;
// the window sends what it asks for to the worker (fileRequested, imageRequested).
#include <QObject>
#include <QStringList>

#include "image_browser.h"

class QAction;
class QImage;
class QMenu;
class QMimeData;
class QWidget;

namespace ds::ui {

struct AppSettings;
class ImageView;

class ImageController : public QObject {
    Q_OBJECT
public:
    // `window` parents the dialogs; `settings` holds the folder and the recent files
    // (settingsChanged() says when they change).
    ImageController(QWidget* window, ImageView* imageView, AppSettings& settings);

    QAction* openAction() const { return m_open; }
    QAction* openFolderAction() const { return m_openFolder; }
    QAction* pasteAction() const { return m_paste; }
    QAction* previousAction() const { return m_previous; }
    QAction* nextAction() const { return m_next; }
    QMenu* samplesMenu() const { return m_samplesMenu; }
    QMenu* recentMenu() const { return m_recentMenu; }
    const ImageBrowser& browser() const { return m_browser; }

    void openImage(const QString& path);        // its folder becomes the browse list
    void openImages(const QStringList& paths);  // these files become the browse list
    bool openFolder(const QString& folder);
    void openSample(const QString& path);  // the samples become the browse list
    // Dropped or pasted files: images, folders, and weights files (weightsFileDropped).
    void openDropped(const QStringList& paths);
    void pasteFromClipboard();
    void step(int delta);  // next (+1) / previous (-1) image of the browse list
    void addRecent(const QString& path);  // a file was shown: first in Open recent
    static QStringList localFiles(const QMimeData* mime);

public slots:
    void rebuildRecentMenu();

signals:
    void fileRequested(const QString& path);
    void imageRequested(const QImage& image, const QString& source);  // already decoded
    void weightsFileDropped(const QString& path);
    void statusMessage(const QString& text, int timeoutMs);
    void settingsChanged();

private slots:
    void openDialog();
    void openFolderDialog();
    void openSampleAction();  // the sender's data: the sample's path
    void openRecentAction();  // the sender's data: the file's path
    void clearRecentFiles();
    void previous();
    void next();

private:
    QWidget* m_window;
    ImageView* m_imageView;
    AppSettings& m_settings;
    ImageBrowser m_browser;
    QAction* m_open;
    QAction* m_openFolder;
    QAction* m_paste;
    QAction* m_previous;
    QAction* m_next;
    QMenu* m_samplesMenu;
    QMenu* m_recentMenu;
};

}  // namespace ds::ui
