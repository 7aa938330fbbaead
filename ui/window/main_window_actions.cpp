// MainWindow's menus, toolbar, shortcuts, its own actions (zoom, weights file, help) and
// drag-and-drop; the image actions and menus are the ImageController's.
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
#include "image_controller.h"
#include "image_view.h"
#include "language_menu.h"
#include "lesson_controller.h"
#include "live_controller.h"
#include "main_window.h"
#include "main_window_parts.h"
#include "named_action.h"
#include "view_mode_controller.h"
#include "weights_controller.h"
#include "model_panel.h"

namespace ds::ui {

namespace {

QStringList localFiles(const QMimeData* mime) { return ImageController::localFiles(mime); }

}  // namespace

void MainWindow::createActions() {
    const auto action = [this](const QString& text, const QString& name,
                               const QList<QKeySequence>& keys, auto slot) {
        return namedAction(this, text, name, keys, slot);
    };
    WindowActions& x = *m_actions;
    x.loadWeights = action(tr("Load &weights…"), QStringLiteral("actionLoadWeights"),
                           {QKeySequence(tr("Ctrl+Shift+W"))}, &MainWindow::loadWeightsDialog);
    x.quit = action(tr("&Quit"), QStringLiteral("actionQuit"),
                    QKeySequence::keyBindings(QKeySequence::Quit), &MainWindow::close);
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

void MainWindow::zoomIn() { setScale(std::min(m_scale * 1.25, zoomLimit())); }
void MainWindow::zoomOut() { setScale(m_scale / 1.25); }
void MainWindow::resetZoom() { setScale(1.0); }

void MainWindow::createMenus() {
    WindowActions& x = *m_actions;
    const ImageController& images = *m_images;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({images.openAction(), images.openFolderAction(), images.pasteAction(),
                      m_live->openVideoAction()});
    file->addMenu(images.samplesMenu());
    file->addMenu(images.recentMenu());
    file->addSeparator();
    file->addAction(x.loadWeights);
    file->addSeparator();
    file->addAction(x.quit);
    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addActions({images.previousAction(), images.nextAction()});
    menuBar()->addMenu(m_live->menu());
    x.viewMenu = menuBar()->addMenu(tr("&View"));
    x.viewMenu->addActions({x.zoomIn, x.zoomOut, x.zoomReset});
    x.viewMenu->addMenu(new LanguageMenu([this] { return m_images->browser().current(); }, this));
    x.viewMenu->addSeparator();
    x.viewMenu->addAction(m_viewModes->leaveAction());
    x.viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        x.viewMenu->addAction(dock->toggleViewAction());
    menuBar()->addMenu(m_lessons->menu());
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
    bar->addActions({m_images->openAction(), m_images->pasteAction()});
    auto* samplesButton = new QToolButton;
    samplesButton->setObjectName(QStringLiteral("samplesButton"));
    samplesButton->setText(tr("Samples"));
    samplesButton->setMenu(m_images->samplesMenu());
    samplesButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(samplesButton);
    bar->addSeparator();
    bar->addActions({m_images->previousAction(), m_images->nextAction()});
    bar->addSeparator();
    bar->addActions({m_live->runAction(), m_live->freezeAction()});
    x.viewMenu->addAction(bar->toggleViewAction());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QMimeData* mime = event->mimeData();
    const QStringList files = localFiles(mime);
    if (!files.isEmpty())
        m_images->openDropped(files);
    else if (mime->hasImage())
        showImage(qvariant_cast<QImage>(mime->imageData()), tr("dropped image"));
    event->acceptProposedAction();
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
                     "Lesson mode (F11) shows one panel at a time, large.")
                      .arg(room.width())
                      .arg(room.height())
                : QString());  // the action's own text
}

}  // namespace ds::ui
