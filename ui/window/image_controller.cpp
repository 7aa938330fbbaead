#include "image_controller.h"
#include "retranslate.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QMenu>
#include <QMimeData>
#include <QStandardPaths>
#include <QStyle>
#include <QUrl>
#include <QWidget>

#include "app_settings.h"
#include "dialog_folder.h"
#include "image_view.h"
#include "named_action.h"

namespace ds::ui {

namespace {

struct Sample {
    const char* path;
    const char* title;
};
constexpr Sample kSamples[] = {
    {":/samples/chelsea.png", QT_TRANSLATE_NOOP("ds::ui::ImageController", "Chelsea the cat")},
    {":/samples/coffee.png", QT_TRANSLATE_NOOP("ds::ui::ImageController", "Coffee")},
    {":/samples/rocket.jpg", QT_TRANSLATE_NOOP("ds::ui::ImageController", "Rocket")},
    {":/samples/astronaut.png", QT_TRANSLATE_NOOP("ds::ui::ImageController", "Astronaut")},
};

// Where a file dialog starts: the last folder used, else Pictures, else home. Always a folder
// that exists: given a path that does not, QFileDialog opens its parent with the last part
// typed in as a file name ("Pictures" in the home folder).
QString dialogFolder(const QString& remembered) {
    for (const QString& dir :
         {remembered, QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)})
        if (!dir.isEmpty() && !dir.startsWith(QLatin1Char(':')) && QFileInfo(dir).isDir())
            return QDir(dir).absolutePath() + QLatin1Char('/');
    return QDir::homePath() + QLatin1Char('/');
}

QString imageFilter() {
    QStringList patterns;
    for (const QByteArray& f : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(f);
    return QObject::tr("Images (%1);;All files (*)").arg(patterns.join(QLatin1Char(' ')));
}

}  // namespace

ImageController::ImageController(QWidget* window, ImageView* imageView, AppSettings& settings)
    : QObject(window), m_window(window), m_imageView(imageView), m_settings(settings) {
    const auto action = [this](const QString& text, const QString& name,
                               const QList<QKeySequence>& keys, auto slot) {
        return namedAction(this, text, name, keys, slot);
    };
    QStyle* style = window->style();
    m_open = action(tr("&Open images…"), QStringLiteral("actionOpen"),
                    QKeySequence::keyBindings(QKeySequence::Open), &ImageController::openDialog);
    m_open->setIcon(style->standardIcon(QStyle::SP_DialogOpenButton));
    m_openFolder = action(tr("Open &folder…"), QStringLiteral("actionOpenFolder"),
                          {QKeySequence(tr("Ctrl+Shift+O"))}, &ImageController::openFolderDialog);
    m_openFolder->setIcon(style->standardIcon(QStyle::SP_DirOpenIcon));
    m_paste = action(tr("&Paste image"), QStringLiteral("actionPaste"),
                     QKeySequence::keyBindings(QKeySequence::Paste),
                     &ImageController::pasteFromClipboard);
    m_previous = action(tr("&Previous image"), QStringLiteral("actionPrevious"),
                        {QKeySequence(Qt::Key_PageUp)}, &ImageController::previous);
    m_previous->setIcon(style->standardIcon(QStyle::SP_ArrowLeft));
    m_previous->setToolTip(
        tr("Previous image of the folder, files or samples it came from (PgUp or Left on the "
           "image)"));
    m_next = action(tr("&Next image"), QStringLiteral("actionNext"),
                    {QKeySequence(Qt::Key_PageDown)}, &ImageController::next);
    m_next->setIcon(style->standardIcon(QStyle::SP_ArrowRight));
    m_next->setToolTip(
        tr("Next image of the folder, files or samples it came from (PgDn or Right on the "
           "image)"));
    // PgUp/PgDn and Left/Right step only while the image has focus: elsewhere they belong to
    // the focused table, tree, slider or field. The menu and toolbar entries work anywhere.
    m_imageView->setFocusPolicy(Qt::StrongFocus);
    for (QAction* a : {m_previous, m_next}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_imageView->addAction(a);
    }
    for (auto [key, slot] : {std::pair{Qt::Key_Left, &ImageController::previous},
                             std::pair{Qt::Key_Right, &ImageController::next}}) {
        auto* a = new QAction(this);
        a->setShortcut(QKeySequence(key));
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        m_imageView->addAction(a);
    }

    m_samplesMenu = new QMenu(tr("&Samples"), window);
    m_samplesMenu->setObjectName(QStringLiteral("samplesMenu"));
    for (const Sample& s : kSamples) {
        auto* a = m_samplesMenu->addAction(tr(s.title));
        a->setData(QString::fromLatin1(s.path));
        connect(a, &QAction::triggered, this, &ImageController::openSampleAction);
    }
    m_recentMenu = new QMenu(tr("Open &recent"), window);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    onLanguageChange(
        this,
        [this] {
            m_open->setText(tr("&Open images…"));
            m_openFolder->setText(tr("Open &folder…"));
            m_paste->setText(tr("&Paste image"));
            m_previous->setText(tr("&Previous image"));
            m_previous->setToolTip(
                tr("Previous image of the folder, files or samples it came from (PgUp or Left "
                   "on the image)"));
            m_next->setText(tr("&Next image"));
            m_next->setToolTip(
                tr("Next image of the folder, files or samples it came from (PgDn or Right on "
                   "the image)"));
            m_samplesMenu->setTitle(tr("&Samples"));
            const QList<QAction*> samples = m_samplesMenu->actions();
            for (int i = 0; i < samples.size() && i < int(std::size(kSamples)); ++i)
                samples[i]->setText(tr(kSamples[i].title));
            m_recentMenu->setTitle(tr("Open &recent"));
            rebuildRecentMenu();
        },
        /*now=*/false);
}

void ImageController::openImage(const QString& path) {
    if (!path.startsWith(QLatin1Char(':')) && QFileInfo(path).isFile()) {
        m_browser.openFileInFolder(path);
        m_settings.folder = m_browser.folder();
        emit settingsChanged();
    }
    emit fileRequested(path);
}

void ImageController::openImages(const QStringList& paths) {
    if (paths.size() == 1) return openImage(paths.front());
    if (paths.isEmpty()) return;
    m_browser.setFiles(paths, 0);
    m_settings.folder = m_browser.folder();
    emit settingsChanged();
    emit fileRequested(m_browser.current());
}

bool ImageController::openFolder(const QString& folder) {
    if (!m_browser.openFolder(folder)) {
        m_imageView->setError(
            tr("%1 holds no image Qt can read. Pick a folder with PNG or JPEG files.")
                .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    m_settings.folder = m_browser.folder();
    emit settingsChanged();
    emit fileRequested(m_browser.current());
    return true;
}

void ImageController::openSample(const QString& path) {
    QStringList samples;
    for (const Sample& s : kSamples) samples << QString::fromLatin1(s.path);
    // The samples become the browse list; the remembered folder stays the user's own.
    m_browser.setFiles(samples, std::max(0, int(samples.indexOf(path))));
    emit fileRequested(path);
}

void ImageController::openSampleAction() {
    if (auto* a = qobject_cast<QAction*>(sender())) openSample(a->data().toString());
    m_imageView->setFocus();  // so PgDn goes on to the next sample
}

void ImageController::step(int delta) {
    const QString path = m_browser.step(delta);
    if (path.isEmpty()) {
        emit statusMessage(
            tr("Open a folder (Ctrl+Shift+O) or several files to step through them."), 5000);
        return;
    }
    emit statusMessage(tr("%1 of %2").arg(m_browser.index() + 1).arg(m_browser.count()), 3000);
    emit fileRequested(path);
}

void ImageController::previous() { step(-1); }
void ImageController::next() { step(+1); }

void ImageController::addRecent(const QString& path) {
    m_settings.recentFiles = AppSettings::withRecent(m_settings.recentFiles, path);
    rebuildRecentMenu();
    emit settingsChanged();
}

void ImageController::rebuildRecentMenu() {
    m_recentMenu->clear();
    for (const QString& path : m_settings.recentFiles) {
        auto* a = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        a->setData(path);
        connect(a, &QAction::triggered, this, &ImageController::openRecentAction);
    }
    if (m_settings.recentFiles.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        connect(m_recentMenu->addAction(tr("Clear list")), &QAction::triggered, this,
                &ImageController::clearRecentFiles);
    }
}

void ImageController::openRecentAction() {
    if (auto* a = qobject_cast<QAction*>(sender())) openImage(a->data().toString());
    m_imageView->setFocus();
}

void ImageController::clearRecentFiles() {
    m_settings.recentFiles.clear();
    rebuildRecentMenu();
    emit settingsChanged();
}

void ImageController::openDialog() {
    const QString start = dialogFolder(m_settings.folder);
    const QStringList files =
        QFileDialog::getOpenFileNames(m_window, tr("Open images"), start, imageFilter());
    if (files.isEmpty()) return;
    rememberDialogFolder(files.front());
    openImages(files);
    m_imageView->setFocus();
}

void ImageController::openFolderDialog() {
    const QString folder = QFileDialog::getExistingDirectory(
        m_window, tr("Open a folder of images"), dialogFolder(m_settings.folder));
    if (folder.isEmpty()) return;
    rememberDialogFolder(folder);
    openFolder(folder);
    m_imageView->setFocus();
}

QStringList ImageController::localFiles(const QMimeData* mime) {
    QStringList out;
    if (!mime->hasUrls()) return out;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) out << url.toLocalFile();
    return out;
}

void ImageController::openDropped(const QStringList& paths) {
    QStringList images;
    for (const QString& p : paths) {
        if (ImageBrowser::isWeightsFile(p))
            emit weightsFileDropped(p);  // the last weights file wins if several are dropped
        else if (QFileInfo(p).isDir())
            openFolder(p);
        else
            images << p;
    }
    if (!images.isEmpty()) openImages(images);
}

void ImageController::pasteFromClipboard() {
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    if (!mime) return;
    const QStringList files = localFiles(mime);
    if (!files.isEmpty()) return openDropped(files);
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            emit imageRequested(image, tr("clipboard"));
            return;
        }
    }
    const QString text = mime->text().trimmed();
    if (!text.isEmpty() && QFileInfo(text).isFile()) return openDropped({text});
    m_imageView->setError(
        tr("The clipboard holds no image. Copy an image or an image file, then paste again."));
}

}  // namespace ds::ui
