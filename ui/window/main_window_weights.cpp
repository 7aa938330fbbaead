// MainWindow's Weights menu: ImageNet (chosen when its file is there, else downloaded in one
// click), the ImageNet weights manager (the app's `densescope-cli weights list`), and a weights
// file of one's own, and Labels… for such a file's classes.
#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>

#include "main_window.h"
#include "model_panel.h"
#include "weights_catalog.h"
#include "weights_dialogs.h"

namespace ds::ui {

void MainWindow::createWeightsMenu() {
    m_weightsMenu = menuBar()->addMenu(tr("&Weights"));
    m_weightsMenu->setObjectName(QStringLiteral("weightsMenu"));
    m_imagenetAction = m_weightsMenu->addAction(tr("ImageNet"));
    m_imagenetAction->setObjectName(QStringLiteral("actionImagenet"));
    connect(m_imagenetAction, &QAction::triggered, this, [this] {
        const ds::DenseNetConfig& config = m_requested.config;
        if (ModelPanel::imagenetPath(config).isEmpty()) {
            openWeightsDownload(QString::fromStdString(config.name));
            return;
        }
        ds::ui::ModelRequest r = m_requested;
        r.weights = QStringLiteral("imagenet");
        requestModel(r);
    });
    QAction* manager = m_weightsMenu->addAction(tr("ImageNet &weights…"));
    manager->setObjectName(QStringLiteral("actionWeightsManager"));
    connect(manager, &QAction::triggered, this, [this] { openWeightsManager(); });
    QAction* file = m_weightsMenu->addAction(tr("&Open weights file…"));
    file->setObjectName(QStringLiteral("actionOpenWeightsFile"));
    connect(file, &QAction::triggered, m_modelPanel, &ModelPanel::browseWeights);
    // The classes' names of a fine-tuned weights file (the model panel's Labels… button).
    m_labelsAction = m_weightsMenu->addAction(tr("&Labels…"));
    m_labelsAction->setObjectName(QStringLiteral("actionLabels"));
    connect(m_labelsAction, &QAction::triggered, m_modelPanel, &ModelPanel::chooseLabels);
    connect(m_weightsMenu, &QMenu::aboutToShow, this, &MainWindow::updateWeightsMenu);
    connect(m_modelPanel, &ModelPanel::downloadImagenetRequested, this,
            [this](const QString& variant) { openWeightsDownload(variant); });
    updateWeightsMenu();
}

void MainWindow::updateWeightsMenu() {
    const ds::DenseNetConfig& config = m_requested.config;
    const ds::net::OfficialWeights* official = ds::net::officialFor(QString::fromStdString(config.name));
    const bool layoutIsOfficial =
        official && config == ds::DenseNetConfig::variant(config.name);
    const bool present = !ModelPanel::imagenetPath(config).isEmpty();
    m_imagenetAction->setEnabled(layoutIsOfficial);
    const bool fileWeights = m_requested.weights != QLatin1String("imagenet") &&
                             !m_requested.weights.startsWith(QLatin1String("random"));
    m_labelsAction->setEnabled(fileWeights);
    m_labelsAction->setToolTip(fileWeights ? QString()
                                           : tr("Labels name the classes of a weights file of your "
                                                "own: open one first."));
    m_imagenetAction->setCheckable(present);
    m_imagenetAction->setChecked(present && m_requested.weights == QLatin1String("imagenet"));
    if (!layoutIsOfficial)
        m_imagenetAction->setText(tr("ImageNet (none for this model)"));
    else if (present)
        m_imagenetAction->setText(tr("ImageNet"));
    else
        m_imagenetAction->setText(
            tr("Download ImageNet weights (%1)…").arg(ds::net::megabytes(official->approxBytes())));
}

WeightsDownloadDialog* MainWindow::openWeightsDownload(const QString& variant) {
    const ds::net::OfficialWeights* official = ds::net::officialFor(variant);
    if (!official) return nullptr;
    auto* dialog = new WeightsDownloadDialog(ds::net::officialUrl(*official),
                                             tr("the ImageNet weights for %1 (%2)")
                                                 .arg(variant, ds::net::megabytes(official->approxBytes())),
                                             this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WeightsDownloadDialog::downloaded, this, [this, variant] {
        // The model switches to the new file when it is the variant in use.
        if (QString::fromStdString(m_requested.config.name) == variant &&
            m_requested.config == ds::DenseNetConfig::variant(variant.toStdString())) {
            ds::ui::ModelRequest r = m_requested;
            r.weights = QStringLiteral("imagenet");
            requestModel(r);
        }
        m_modelPanel->updateImagenetItem();
        updateWeightsMenu();
    });
    dialog->show();  // not modal: the window stays usable while it downloads
    dialog->start();
    return dialog;
}

WeightsManagerDialog* MainWindow::openWeightsManager() {
    auto* dialog = new WeightsManagerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WeightsManagerDialog::downloadRequested, this,
            [this, manager = QPointer<WeightsManagerDialog>(dialog)](const QString& variant) {
                if (WeightsDownloadDialog* d = openWeightsDownload(variant))
                    connect(d, &WeightsDownloadDialog::downloaded, manager, &WeightsManagerDialog::refresh);
            });
    dialog->show();
    return dialog;
}

}  // namespace ds::ui
