#include "weights_controller.h"
#include "retranslate.h"

#include <QAction>
#include <QMenu>
#include <QPointer>
#include <QWidget>

#include "model_panel.h"
#include "weights_catalog.h"
#include "weights_dialogs.h"

namespace ds::ui {

WeightsController::WeightsController(QWidget* window, ModelPanel* modelPanel)
    : QObject(window), m_modelPanel(modelPanel), m_window(window) {
    m_menu = new QMenu(tr("&Weights"), window);
    m_menu->setObjectName(QStringLiteral("weightsMenu"));
    m_imagenet = m_menu->addAction(tr("ImageNet"));
    m_imagenet->setObjectName(QStringLiteral("actionImagenet"));
    connect(m_imagenet, &QAction::triggered, this, &WeightsController::chooseImagenet);
    QAction* manager = m_menu->addAction(tr("ImageNet &weights…"));
    manager->setObjectName(QStringLiteral("actionWeightsManager"));
    connect(manager, &QAction::triggered, this, &WeightsController::openManager);
    QAction* file = m_menu->addAction(tr("&Open weights file…"));
    file->setObjectName(QStringLiteral("actionOpenWeightsFile"));
    connect(file, &QAction::triggered, m_modelPanel, &ModelPanel::browseWeights);
    // The classes' names of a fine-tuned weights file (the model panel's Labels… button).
    m_labels = m_menu->addAction(tr("&Labels…"));
    m_labels->setObjectName(QStringLiteral("actionLabels"));
    connect(m_labels, &QAction::triggered, m_modelPanel, &ModelPanel::chooseLabels);
    connect(m_menu, &QMenu::aboutToShow, this, &WeightsController::updateMenu);
    connect(m_modelPanel, &ModelPanel::downloadImagenetRequested, this,
            &WeightsController::openDownload);
    updateMenu();
    onLanguageChange(
        this,
        [this, manager, file] {
            m_menu->setTitle(tr("&Weights"));
            manager->setText(tr("ImageNet &weights…"));
            file->setText(tr("&Open weights file…"));
            m_labels->setText(tr("&Labels…"));
            updateMenu();
        },
        /*now=*/false);
}

void WeightsController::setRequest(const ds::ui::ModelRequest& request) {
    m_request = request;  // the menu follows when it opens
}

void WeightsController::chooseImagenet() {
    const ds::DenseNetConfig& config = m_request.config;
    if (ModelPanel::imagenetPath(config).isEmpty()) {
        openDownload(QString::fromStdString(config.name));
        return;
    }
    ds::ui::ModelRequest r = m_request;
    r.weights = QStringLiteral("imagenet");
    emit modelRequested(r);
}

void WeightsController::updateMenu() {
    const ds::DenseNetConfig& config = m_request.config;
    const ds::net::OfficialWeights* official =
        ds::net::officialFor(QString::fromStdString(config.name));
    const bool layoutIsOfficial = official && config == ds::DenseNetConfig::variant(config.name);
    const bool present = !ModelPanel::imagenetPath(config).isEmpty();
    m_imagenet->setEnabled(layoutIsOfficial);
    const bool fileWeights = m_request.weights != QLatin1String("imagenet") &&
                             !m_request.weights.startsWith(QLatin1String("random"));
    m_labels->setEnabled(fileWeights);
    m_labels->setToolTip(fileWeights ? QString()
                                     : tr("Labels name the classes of a weights file of your "
                                          "own: open one first."));
    m_imagenet->setCheckable(present);
    m_imagenet->setChecked(present && m_request.weights == QLatin1String("imagenet"));
    if (!layoutIsOfficial)
        m_imagenet->setText(tr("ImageNet (none for this model)"));
    else if (present)
        m_imagenet->setText(tr("ImageNet"));
    else
        m_imagenet->setText(
            tr("Download ImageNet weights (%1)…").arg(ds::net::megabytes(official->approxBytes())));
}

WeightsDownloadDialog* WeightsController::openDownload(const QString& variant) {
    const ds::net::OfficialWeights* official = ds::net::officialFor(variant);
    if (!official) return nullptr;
    auto* dialog = new WeightsDownloadDialog(
        ds::net::officialUrl(*official),
        tr("the ImageNet weights for %1 (%2)")
            .arg(variant, ds::net::megabytes(official->approxBytes())),
        m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WeightsDownloadDialog::downloaded, this,
            [this, variant] { downloaded(variant); });
    dialog->show();  // not modal: the window stays usable while it downloads
    dialog->start();
    return dialog;
}

void WeightsController::downloaded(const QString& variant) {
    // The model switches to the new file when it is the variant in use.
    if (QString::fromStdString(m_request.config.name) == variant &&
        m_request.config == ds::DenseNetConfig::variant(variant.toStdString())) {
        ds::ui::ModelRequest r = m_request;
        r.weights = QStringLiteral("imagenet");
        emit modelRequested(r);
    }
    m_modelPanel->updateImagenetItem();
    updateMenu();
}

WeightsManagerDialog* WeightsController::openManager() {
    auto* dialog = new WeightsManagerDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WeightsManagerDialog::downloadRequested, this,
            [this, manager = QPointer<WeightsManagerDialog>(dialog)](const QString& variant) {
                if (WeightsDownloadDialog* d = openDownload(variant))
                    connect(d, &WeightsDownloadDialog::downloaded, manager,
                            &WeightsManagerDialog::refresh);
            });
    dialog->show();
    return dialog;
}

}  // namespace ds::ui
