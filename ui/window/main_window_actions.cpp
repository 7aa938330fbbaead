// MainWindow's menus, toolbar, shortcuts, file dialogs, drag-and-drop and clipboard.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

#include "guide_dialog.h"
#include "image_view.h"
#include "language_menu.h"
#include "main_window.h"
#include "model_panel.h"

namespace ds::ui {

namespace {

struct Sample {
    const char* path;
    const char* title;
};
constexpr Sample kSamples[] = {
    {":/samples/chelsea.png", QT_TRANSLATE_NOOP("ds::ui::MainWindow", "Chelsea the cat")},
    {":/samples/coffee.png", QT_TRANSLATE_NOOP("ds::ui::MainWindow", "Coffee")},
    {":/samples/rocket.jpg", QT_TRANSLATE_NOOP("ds::ui::MainWindow", "Rocket")},
    {":/samples/astronaut.png", QT_TRANSLATE_NOOP("ds::ui::MainWindow", "Astronaut")},
};

QStringList localFiles(const QMimeData* mime) {
    QStringList out;
    if (!mime->hasUrls()) return out;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) out << url.toLocalFile();
    return out;
}

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

void MainWindow::createActions() {
    auto action = [this](const QString& text, const QString& name, const QList<QKeySequence>& keys,
                         auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    Actions& x = m_actions;
    x.open = action(tr("&Open images…"), QStringLiteral("actionOpen"),
                    QKeySequence::keyBindings(QKeySequence::Open), [this] { openDialog(); });
    x.open->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    x.openFolder = action(tr("Open &folder…"), QStringLiteral("actionOpenFolder"),
                          {QKeySequence(tr("Ctrl+Shift+O"))}, [this] { openFolderDialog(); });
    x.openFolder->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    x.paste =
        action(tr("&Paste image"), QStringLiteral("actionPaste"),
               QKeySequence::keyBindings(QKeySequence::Paste), [this] { pasteFromClipboard(); });
    x.loadWeights = action(tr("Load &weights…"), QStringLiteral("actionLoadWeights"),
                           {QKeySequence(tr("Ctrl+Shift+W"))}, [this] {
                               const QString path = QFileDialog::getOpenFileName(
                                   this, tr("Load weights"), QString(),
                                   tr("Weights (*.pth *.pt *.tar *.ckpt *.safetensors);;"
                                      "All files (*)"));
                               if (!path.isEmpty()) loadWeightsFile(path);
                           });
    x.quit = action(tr("&Quit"), QStringLiteral("actionQuit"),
                    QKeySequence::keyBindings(QKeySequence::Quit), [this] { close(); });
    x.previous = action(tr("&Previous image"), QStringLiteral("actionPrevious"),
                        {QKeySequence(Qt::Key_PageUp)}, [this] { stepImage(-1); });
    x.previous->setIcon(style()->standardIcon(QStyle::SP_ArrowLeft));
    x.previous->setToolTip(
        tr("Previous image of the folder, files or samples it came from (PgUp or Left on the "
           "image)"));
    x.next = action(tr("&Next image"), QStringLiteral("actionNext"),
                    {QKeySequence(Qt::Key_PageDown)}, [this] { stepImage(+1); });
    x.next->setIcon(style()->standardIcon(QStyle::SP_ArrowRight));
    x.next->setToolTip(
        tr("Next image of the folder, files or samples it came from (PgDn or Right on the "
           "image)"));
    // PgUp/PgDn and Left/Right step only while the image has focus: elsewhere they belong to
    // the focused table, tree, slider or field. The menu and toolbar entries work anywhere.
    m_imageView->setFocusPolicy(Qt::StrongFocus);
    for (QAction* a : {x.previous, x.next}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_imageView->addAction(a);
    }
    for (auto [key, delta] : {std::pair{Qt::Key_Left, -1}, std::pair{Qt::Key_Right, +1}}) {
        auto* a = new QAction(this);
        a->setShortcut(QKeySequence(key));
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, [this, d = delta] { stepImage(d); });
        m_imageView->addAction(a);
    }
    x.zoomIn = action(tr("Zoom &in"), QStringLiteral("actionZoomIn"),
                      QKeySequence::keyBindings(QKeySequence::ZoomIn),
                      [this] { setScale(std::min(m_scale * 1.25, zoomLimit())); });
    x.zoomOut = action(tr("Zoom &out"), QStringLiteral("actionZoomOut"),
                       QKeySequence::keyBindings(QKeySequence::ZoomOut),
                       [this] { setScale(m_scale / 1.25); });
    x.zoomReset = action(tr("&Normal size"), QStringLiteral("actionZoomReset"),
                         {QKeySequence(tr("Ctrl+0"))}, [this] { setScale(1.0); });
    x.guide = action(tr("&Guide"), QStringLiteral("actionGuide"),
                     QKeySequence::keyBindings(QKeySequence::HelpContents), [this] { showGuide(); });
    x.guide->setToolTip(tr("What a DenseNet is and how to read each panel, with diagrams"));
    x.about =
        action(tr("&About DenseScope"), QStringLiteral("actionAbout"), {}, [this] { showAbout(); });
    x.aboutQt = action(tr("About &Qt"), QStringLiteral("actionAboutQt"), {},
                       [] { QApplication::aboutQt(); });
}

void MainWindow::createMenus() {
    m_samplesMenu = new QMenu(tr("&Samples"), this);
    m_samplesMenu->setObjectName(QStringLiteral("samplesMenu"));
    for (const Sample& s : kSamples) {
        auto* a = m_samplesMenu->addAction(tr(s.title));
        const QString path = QString::fromLatin1(s.path);
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] {
            openSample(path);
            m_imageView->setFocus();  // so PgDn goes on to the next sample
        });
    }
    m_recentMenu = new QMenu(tr("Open &recent"), this);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));

    const Actions& x = m_actions;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({x.open, x.openFolder, x.paste, m_liveActions.openVideo});
    file->addMenu(m_samplesMenu);
    file->addMenu(m_recentMenu);
    file->addSeparator();
    file->addAction(x.loadWeights);
    file->addSeparator();
    file->addAction(x.quit);
    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addActions({x.previous, x.next});
    menuBar()->addMenu(m_liveMenu);
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addActions({x.zoomIn, x.zoomOut, x.zoomReset});
    m_viewMenu->addMenu(new LanguageMenu([this] { return m_browser.current(); }, this));
    m_viewMenu->addSeparator();
    m_viewMenu->addActions({x.presentation, x.leaveMode});
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());
    createWeightsMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(x.guide);
    help->addSeparator();
    help->addActions({x.about, x.aboutQt});
}

void MainWindow::createToolBars() {
    auto* bar = addToolBar(tr("Images"));
    bar->setObjectName(QStringLiteral("imagesToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({m_actions.open, m_actions.paste});
    auto* samplesButton = new QToolButton;
    samplesButton->setObjectName(QStringLiteral("samplesButton"));
    samplesButton->setText(tr("Samples"));
    samplesButton->setMenu(m_samplesMenu);
    samplesButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(samplesButton);
    bar->addSeparator();
    bar->addActions({m_actions.previous, m_actions.next});
    bar->addSeparator();
    bar->addActions({m_liveActions.run, m_liveActions.freeze});
    m_viewMenu->addAction(bar->toggleViewAction());
}

void MainWindow::openSample(const QString& path) {
    QStringList samples;
    for (const Sample& s : kSamples) samples << QString::fromLatin1(s.path);
    // The samples become the browse list; the remembered folder stays the user's own.
    m_browser.setFiles(samples, std::max(0, int(samples.indexOf(path))));
    requestImageFile(path);
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    for (const QString& path : m_settings.recentFiles) {
        auto* a = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] {
            openImage(path);
            m_imageView->setFocus();
        });
    }
    if (m_settings.recentFiles.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        connect(m_recentMenu->addAction(tr("Clear list")), &QAction::triggered, this, [this] {
            m_settings.recentFiles.clear();
            rebuildRecentMenu();
            scheduleSave();
        });
    }
}

void MainWindow::openDialog() {
    const QString start = dialogFolder(m_settings.folder);
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Open images"), start, imageFilter());
    if (files.isEmpty()) return;
    openImages(files);
    m_imageView->setFocus();
}

void MainWindow::openFolderDialog() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a folder of images"),
                                                             dialogFolder(m_settings.folder));
    if (folder.isEmpty()) return;
    openFolder(folder);
    m_imageView->setFocus();
}

void MainWindow::openDropped(const QStringList& paths) {
    QStringList images;
    for (const QString& p : paths) {
        if (ImageBrowser::isWeightsFile(p))
            loadWeightsFile(p);  // the last weights file wins if several are dropped
        else if (QFileInfo(p).isDir())
            openFolder(p);
        else
            images << p;
    }
    if (!images.isEmpty()) openImages(images);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QMimeData* mime = event->mimeData();
    const QStringList files = localFiles(mime);
    if (!files.isEmpty())
        openDropped(files);
    else if (mime->hasImage())
        showImage(qvariant_cast<QImage>(mime->imageData()), tr("dropped image"));
    event->acceptProposedAction();
}

void MainWindow::pasteFromClipboard() {
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    if (!mime) return;
    const QStringList files = localFiles(mime);
    if (!files.isEmpty()) return openDropped(files);
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) return showImage(image, tr("clipboard"));
    }
    const QString text = mime->text().trimmed();
    if (!text.isEmpty() && QFileInfo(text).isFile()) return openDropped({text});
    m_imageView->setError(
        tr("The clipboard holds no image. Copy an image or an image file, then paste again."));
}

void MainWindow::showGuide() {
    if (!m_guide) {
        m_guide = new GuideDialog(this);
        if (m_model) m_guide->setModel(m_model->config, m_model->summary);
    }
    m_guide->show();
    m_guide->raise();
    m_guide->activateWindow();
}

void MainWindow::showAbout() {
    const QString device = m_model ? m_model->deviceDescription : tr("no model loaded yet");
    QMessageBox::about(
        this, tr("About DenseScope"),
        tr("<h3>DenseScope %1</h3>"
           "<p>See inside DenseNet image classifiers: structure, channel growth, "
           "feature maps and predictions.</p>"
           "<p>Qt %2 (built with %3)<br>%4<br>Device: %5</p>"
           "<p>Sample images: see their credits in the source tree (resources/samples).</p>")
            .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR), QString::fromStdString(ds::Engine::versionInfo()),
                 device.toHtmlEscaped()));
}

void MainWindow::updateZoomActions() {
    if (!m_actions.zoomIn) return;  // the constructor sets the first scale before the actions
    // Less than a small step left counts as none: that step would only be taken back.
    const bool atLimit = zoomLimit() < m_scale * 1.05;
    m_actions.zoomIn->setEnabled(!atLimit);
    const QSize room = zoomRoom();
    m_actions.zoomIn->setToolTip(
        atLimit ? tr("This is the largest zoom with room for every panel in %1×%2 pixels. "
                     "Presentation mode (F11) shows fewer panels in larger type.")
                      .arg(room.width())
                      .arg(room.height())
                : QString());  // the action's own text
}

}  // namespace ds::ui
