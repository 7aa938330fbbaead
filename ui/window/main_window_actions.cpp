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
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

#include "engine_text.h"
#include "explanation_tooltips.h"
#include "guide_dialog.h"
#include "dialog_folder.h"
#include "image_controller.h"
#include "image_view.h"
#include "language_menu.h"
#include "lesson_controller.h"
#include "live_controller.h"
#include "main_window.h"
#include "main_window_parts.h"
#include "model_panel.h"
#include "named_action.h"
#include "retranslate.h"
#include "status_panel.h"
#include "view_mode_controller.h"
#include "weights_controller.h"

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
    x.resetLayout = action(tr("&Reset layout"), QStringLiteral("actionResetLayout"), {},
                           &MainWindow::resetLayout);
    x.resetLayout->setToolTip(
        tr("Every panel back to its place and size in the default layout for this screen"));
    x.guide = action(tr("&Guide"), QStringLiteral("actionGuide"),
                     QKeySequence::keyBindings(QKeySequence::HelpContents), &MainWindow::showGuide);
    x.guide->setToolTip(tr("What a DenseNet is and how to read each panel, with diagrams"));
    x.about = action(tr("&About DenseScope"), QStringLiteral("actionAbout"), {},
                     &MainWindow::showAbout);
    x.aboutQt = new QAction(tr("About &Qt"), this);
    x.aboutQt->setObjectName(QStringLiteral("actionAboutQt"));
    connect(x.aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    onLanguageChange(
        this,
        [this] {
            WindowActions& a = *m_actions;
            // From what the window shows (as applyModel() and updateNotice() make them).
            setWindowTitle(
                m_model && m_marks->shownModelId
                    ? tr("%1 — DenseScope").arg(QString::fromStdString(m_model->config.name))
                    : tr("DenseScope"));
            updateNotice();
            if (m_model) {  // the worker's descriptions ("CPU, 2 threads") from their data
                describeAgain(*m_model);
                if (m_marks->shownModelId == m_model->id) {
                    m_modelPanel->setLoadedDescriptions(*m_model);
                    m_status->setModel(m_model->deviceDescription, m_model->weightsDescription);
                }
            }
            applyScale(m_scale);  // the tooltips' font: the language may change the family
            // After the tree and the table have set their own texts (they see the event
            // after the window): the explanations as their tooltips.
            QTimer::singleShot(0, this, [this] {
                if (m_model && m_marks->shownModelId == m_model->id)
                    setExplanationToolTips(*m_tree, *m_table, m_model->config, m_model->summary);
            });
            a.loadWeights->setText(tr("Load &weights…"));
            a.quit->setText(tr("&Quit"));
            a.zoomIn->setText(tr("Zoom &in"));
            a.zoomOut->setText(tr("Zoom &out"));
            a.zoomReset->setText(tr("&Normal size"));
            a.guide->setText(tr("&Guide"));
            a.guide->setToolTip(tr("What a DenseNet is and how to read each panel, with diagrams"));
            a.about->setText(tr("&About DenseScope"));
            a.aboutQt->setText(tr("About &Qt"));
            a.resetLayout->setText(tr("&Reset layout"));
            a.resetLayout->setToolTip(
                tr("Every panel back to its place and size in the default layout for this screen"));
            updateZoomActions();
        },
        /*now=*/false);
}

void MainWindow::loadWeightsDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load weights"), dialogStartFolder(),
        tr("Weights (*.pth *.pt *.tar *.ckpt *.safetensors);;All files (*)"));
    if (path.isEmpty()) return;
    rememberDialogFolder(path);
    loadWeightsFile(path);
}

// The steps (kZoomSteps): the next one up or down from the zoom now, which may lie between
// two (--zoom 1.7, or a zoom kept to a small screen's limit).
void MainWindow::zoomIn() {
    for (double step : kZoomSteps)
        if (step > m_scale + 1e-3) {
            setScale(std::min(step, std::max(m_scale, zoomLimit())));
            return;
        }
}
void MainWindow::zoomOut() {
    double to = kZoomSteps[0];
    for (double step : kZoomSteps)
        if (step < m_scale - 1e-3) to = step;
    setScale(to);
}
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
    x.viewMenu->addAction(x.resetLayout);
    x.viewMenu->addMenu(new LanguageMenu(this));  // applies a choice at once, in this window
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
    onLanguageChange(
        this,
        [this, file, go, help] {
            file->setTitle(tr("&File"));
            go->setTitle(tr("&Go"));
            m_actions->viewMenu->setTitle(tr("&View"));
            help->setTitle(tr("&Help"));
        },
        /*now=*/false);
}

void MainWindow::createToolBars() {
    // Named apart from the Image panel in View's list of panels and bars.
    auto* bar = addToolBar(tr("Toolbar"));
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
    onLanguageChange(
        bar,
        [bar, samplesButton] {
            bar->setWindowTitle(tr("Images"));
            samplesButton->setText(tr("Samples"));
        },
        /*now=*/false);
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
    const bool atCeiling = m_scale >= kMaxScale - 1e-3;
    const bool atLimit = !atCeiling && zoomLimit() < m_scale * 1.05;
    m_actions->zoomIn->setEnabled(!atLimit && !atCeiling);
    const QSize room = zoomRoom();
    m_actions->zoomIn->setToolTip(
        atLimit ? tr("This is the largest zoom with room for every panel in %1×%2 pixels. "
                     "Lesson mode (F11) shows one panel at a time, large.")
                      .arg(room.width())
                      .arg(room.height())
                : QString());  // the action's own text
}

}  // namespace ds::ui
