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
#include "live_controller.h"
#include "main_window.h"
#include "main_window_parts.h"
#include "view_mode_controller.h"
#include "weights_controller.h"
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
    const auto action = [this](const QString& text, const QString& name,
                               const QList<QKeySequence>& keys, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    WindowActions& x = *m_actions;
    x.open = action(tr("&Open images…"), QStringLiteral("actionOpen"),
                    QKeySequence::keyBindings(QKeySequence::Open), &MainWindow::openDialog);
    x.open->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    x.openFolder = action(tr("Open &folder…"), QStringLiteral("actionOpenFolder"),
                          {QKeySequence(tr("Ctrl+Shift+O"))}, &MainWindow::openFolderDialog);
    x.openFolder->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    x.paste = action(tr("&Paste image"), QStringLiteral("actionPaste"),
                     QKeySequence::keyBindings(QKeySequence::Paste), &MainWindow::pasteFromClipboard);
    x.loadWeights = action(tr("Load &weights…"), QStringLiteral("actionLoadWeights"),
                           {QKeySequence(tr("Ctrl+Shift+W"))}, &MainWindow::loadWeightsDialog);
    x.quit = action(tr("&Quit"), QStringLiteral("actionQuit"),
                    QKeySequence::keyBindings(QKeySequence::Quit), &MainWindow::close);
    x.previous = action(tr("&Previous image"), QStringLiteral("actionPrevious"),
                        {QKeySequence(Qt::Key_PageUp)}, &MainWindow::previousImage);
    x.previous->setIcon(style()->standardIcon(QStyle::SP_ArrowLeft));
    x.previous->setToolTip(
        tr("Previous image of the folder, files or samples it came from (PgUp or Left on the "
           "image)"));
    x.next = action(tr("&Next image"), QStringLiteral("actionNext"),
                    {QKeySequence(Qt::Key_PageDown)}, &MainWindow::nextImage);
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
    for (auto [key, slot] : {std::pair{Qt::Key_Left, &MainWindow::previousImage},
                             std::pair{Qt::Key_Right, &MainWindow::nextImage}}) {
        auto* a = new QAction(this);
        a->setShortcut(QKeySequence(key));
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        m_imageView->addAction(a);
    }
    x.zoomIn = action(tr("Zoom &in"), QStringLiteral("actionZoomIn"),
                      QKeySequence::keyBindings(QKeySequence::ZoomIn), &MainWindow::zoomIn);
    x.zoomOut = action(tr("Zoom &out"), QStringLiteral("actionZoomOut"),
                       QKeySequence::keyBindings(QKeySequence::ZoomOut), &MainWindow::zoomOut);
    x.zoomReset = action(tr("&Normal size"), QStringLiteral("actionZoomReset"),
                         {QKeySequence(tr("Ctrl+0"))}, &MainWindow::resetZoom);
    x.guide = action(tr("&Guide"), QStringLiteral("actionGuide"),
                     QKeySequence::keyBindings(QKeySequence::HelpContents), &MainWindow::showGuide);
    x.guide->setToolTip(tr("What a DenseNet is and how to read each panel, with diagrams"));
    x.about = action(tr("&About DenseScope"), QStringLiteral("actionAbout"), {},
                     &MainWindow::showAbout);
    x.aboutQt = new QAction(tr("About &Qt"), this);
    x.aboutQt->setObjectName(QStringLiteral("actionAboutQt"));
    connect(x.aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::loadWeightsDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load weights"), QString(),
        tr("Weights (*.pth *.pt *.tar *.ckpt *.safetensors);;All files (*)"));
    if (!path.isEmpty()) loadWeightsFile(path);
}

void MainWindow::previousImage() { stepImage(-1); }
void MainWindow::nextImage() { stepImage(+1); }
void MainWindow::zoomIn() { setScale(std::min(m_scale * 1.25, zoomLimit())); }
void MainWindow::zoomOut() { setScale(m_scale / 1.25); }
void MainWindow::resetZoom() { setScale(1.0); }

void MainWindow::createMenus() {
    WindowActions& x = *m_actions;
    x.samplesMenu = new QMenu(tr("&Samples"), this);
    x.samplesMenu->setObjectName(QStringLiteral("samplesMenu"));
    for (const Sample& s : kSamples) {
        auto* a = x.samplesMenu->addAction(tr(s.title));
        a->setData(QString::fromLatin1(s.path));
        connect(a, &QAction::triggered, this, &MainWindow::openSampleAction);
    }
    x.recentMenu = new QMenu(tr("Open &recent"), this);
    x.recentMenu->setObjectName(QStringLiteral("recentMenu"));

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({x.open, x.openFolder, x.paste, m_live->openVideoAction()});
    file->addMenu(x.samplesMenu);
    file->addMenu(x.recentMenu);
    file->addSeparator();
    file->addAction(x.loadWeights);
    file->addSeparator();
    file->addAction(x.quit);
    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addActions({x.previous, x.next});
    menuBar()->addMenu(m_live->menu());
    x.viewMenu = menuBar()->addMenu(tr("&View"));
    x.viewMenu->addActions({x.zoomIn, x.zoomOut, x.zoomReset});
    x.viewMenu->addMenu(new LanguageMenu([this] { return m_browser.current(); }, this));
    x.viewMenu->addSeparator();
    x.viewMenu->addActions({m_viewModes->presentationAction(), m_viewModes->leaveAction()});
    x.viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        x.viewMenu->addAction(dock->toggleViewAction());
    menuBar()->addMenu(m_weights->menu());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(x.guide);
    help->addSeparator();
    help->addActions({x.about, x.aboutQt});
}

void MainWindow::createToolBars() {
    auto* bar = addToolBar(tr("Images"));
    bar->setObjectName(QStringLiteral("imagesToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    const WindowActions& x = *m_actions;
    bar->addActions({x.open, x.paste});
    auto* samplesButton = new QToolButton;
    samplesButton->setObjectName(QStringLiteral("samplesButton"));
    samplesButton->setText(tr("Samples"));
    samplesButton->setMenu(x.samplesMenu);
    samplesButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(samplesButton);
    bar->addSeparator();
    bar->addActions({x.previous, x.next});
    bar->addSeparator();
    bar->addActions({m_live->runAction(), m_live->freezeAction()});
    x.viewMenu->addAction(bar->toggleViewAction());
}

void MainWindow::openSample(const QString& path) {
    QStringList samples;
    for (const Sample& s : kSamples) samples << QString::fromLatin1(s.path);
    // The samples become the browse list; the remembered folder stays the user's own.
    m_browser.setFiles(samples, std::max(0, int(samples.indexOf(path))));
    requestImageFile(path);
}

void MainWindow::openSampleAction() {
    if (auto* a = qobject_cast<QAction*>(sender())) openSample(a->data().toString());
    m_imageView->setFocus();  // so PgDn goes on to the next sample
}

void MainWindow::rebuildRecentMenu() {
    QMenu* menu = m_actions->recentMenu;
    menu->clear();
    for (const QString& path : m_settings.recentFiles) {
        auto* a = menu->addAction(QDir::toNativeSeparators(path));
        a->setData(path);
        connect(a, &QAction::triggered, this, &MainWindow::openRecentAction);
    }
    if (m_settings.recentFiles.isEmpty())
        menu->addAction(tr("(none yet)"))->setEnabled(false);
    else {
        menu->addSeparator();
        connect(menu->addAction(tr("Clear list")), &QAction::triggered, this,
                &MainWindow::clearRecentFiles);
    }
}

void MainWindow::openRecentAction() {
    if (auto* a = qobject_cast<QAction*>(sender())) openImage(a->data().toString());
    m_imageView->setFocus();
}

void MainWindow::clearRecentFiles() {
    m_settings.recentFiles.clear();
    rebuildRecentMenu();
    scheduleSave();
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
    if (!m_actions->zoomIn) return;  // the constructor sets the first scale before the actions
    // Less than a small step left counts as none: that step would only be taken back.
    const bool atLimit = zoomLimit() < m_scale * 1.05;
    m_actions->zoomIn->setEnabled(!atLimit);
    const QSize room = zoomRoom();
    m_actions->zoomIn->setToolTip(
        atLimit ? tr("This is the largest zoom with room for every panel in %1×%2 pixels. "
                     "Presentation mode (F11) shows fewer panels in larger type.")
                      .arg(room.width())
                      .arg(room.height())
                : QString());  // the action's own text
}

}  // namespace ds::ui
