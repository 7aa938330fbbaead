#pragma once
// The model panel: variant (named or custom layout), weights (random + seed, a file,
// imagenet from the torch hub cache) and device, with parameters, MACs and the weights
// source at a glance. Invalid custom layouts are explained in place (DenseNetConfig::validate).
// It never loads anything itself: it emits requestChanged() and shows what the worker reports.
#include <QWidget>

#include <optional>

#include "inference_worker.h"

class QComboBox;
class QFormLayout;
class QDoubleSpinBox;
class QLabel;
class QLayout;
class QVBoxLayout;
class QLineEdit;
class QSpinBox;
class QTimer;
class QPushButton;
class QScrollArea;
class QToolButton;
class QGroupBox;

namespace ds::ui {

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    // The current choice; request().config may be invalid while the user edits a custom layout.
    ds::ui::ModelRequest request() const;
    // Sets every control from `request` without emitting requestChanged().
    void setRequest(const ds::ui::ModelRequest& request);
    // Chooses a weights file (dialog, drag-and-drop) and emits requestChanged(). The labels
    // file last chosen for that file (QSettings "weightsLabels/<path>") comes with it.
    void setWeightsFile(const QString& path);
    // The labels file remembered for a weights file, or an empty string.
    static QString rememberedLabels(const QString& weightsPath);
    // false: labels are neither looked up nor remembered in QSettings (tests, screenshots).
    void setRememberLabels(bool remember) { m_remember = remember; }

    // Enables the CUDA entry of the device box, or disables it with a tooltip saying why
    // (set from ds::Engine::cudaAvailable() at construction).
    void setCudaAvailable(bool available);
    // A line under the controls, e.g. why a saved CUDA choice runs on the CPU; empty hides it.
    // Cleared when the user picks a device.
    void setDeviceNote(const QString& note);

    // Path of the official ImageNet file for `config` when present, else an empty string and,
    // in *why, where to put it.
    static QString imagenetPath(const ds::DenseNetConfig& config, QString* why = nullptr);

public slots:
    // "Labels…": a text file naming the weights file's classes, one per line; remembered with
    // the weights file, and the model is loaded again with it. Without a weights file it
    // says to choose one first. (Also for a Weights menu.)
    void chooseLabels();
    // What chooseLabels() does once a file is picked: use `path` for the weights file (and
    // remember it with that file), and emit requestChanged(). False without a weights file.
    bool setLabelsFile(const QString& path);
    void setLoaded(const ds::ui::ModelInfo& info);  // what the worker actually loaded
    // The same model's descriptions again (another language); the message area stays.
    void setLoadedDescriptions(const ds::ui::ModelInfo& info);
    // Shown in red; empty clears it (and any offer).
    void setError(const QString& message);
    // After a weights error: a button that loads `suggestion` (the same file with the layout it
    // was made for). Call after setError(); the next setError() or load removes it. Layouts the
    // panel cannot express (another number of classes) are not offered.
    void offerLayout(const ds::ui::ModelRequest& suggestion);
    // The weights file dialog (starts in the torch hub cache); a chosen file is loaded.
    void browseWeights();
    // The ImageNet entry and the Download button, after a download or a change on disk.
    void updateImagenetItem();

signals:
    void requestChanged(const ds::ui::ModelRequest& request);
    // "Download ImageNet weights (32 MB)" under the weights box when the variant's official file is missing.
    void downloadImagenetRequested(const QString& variant);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;  // zoom: the seed box keeps its text whole

private:
    void fitErrorHeight();
    void showLoaded(const ds::ui::ModelInfo& info);
    // On QEvent::LanguageChange (retranslate.h): every text again, from the panel's state.
    void retranslate(QFormLayout* form);
    void retranslateSections();  // model_panel_sections.cpp
    void fitSeedWidth();
    // A spin box with a range wider than the valid one, so validate() can explain bad values
    // instead of the box silently clamping them.
    static QSpinBox* wideSpin(const QString& name, int value, int max);
    // model_panel_sections.cpp: the custom layout group and the labels under the controls.
    QWidget* buildCustomGroup();
    QLayout* buildWeightsRows(QLayout** fileRow);  // returns the kind + seed row
    QToolButton* buildLabelsButton();  // model_panel_sections.cpp
    QLayout* buildDeviceRow();
    void buildInfoLabels(QVBoxLayout* layout);
    void connectControls();
    void onVariantChanged();
    void onWeightsKindChanged();
    void onCustomEdited();
    void confirmLayout();  // "Load layout": the custom layout as it stands is wanted
    void fillCustomFields(const ds::DenseNetConfig& config);
    void updateVisibility();
    void updateSummary();
    bool emitIfValid();  // true when requestChanged() was emitted

    QComboBox* m_variant = nullptr;
    QGroupBox* m_custom = nullptr;
    QSpinBox* m_growthRate = nullptr;
    QLineEdit* m_blocks = nullptr;
    QSpinBox* m_initFeatures = nullptr;
    QDoubleSpinBox* m_compression = nullptr;
    QSpinBox* m_bnSize = nullptr;
    QComboBox* m_weights = nullptr;
    QSpinBox* m_seed = nullptr;
    QLineEdit* m_weightsPath = nullptr;
    QToolButton* m_browse = nullptr;
    QPushButton* m_download = nullptr;  // offers the missing ImageNet file
    QToolButton* m_labelsButton = nullptr;
    QString m_labelsPath;  // labels for the weights file (request().labels)
    bool m_remember = true;
    QComboBox* m_device = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_deviceNote = nullptr;
    QPushButton* m_loadLayout = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_weightsLabel = nullptr;
    QLabel* m_error = nullptr;
    QScrollArea* m_errorScroll = nullptr;  // holds m_error
    QPushButton* m_switchLayout = nullptr;
    ds::ui::ModelRequest m_offer;
    QTimer* m_debounce = nullptr;
    int m_lastWeights = 0;      // weights combo index of the last request (restored on cancel)
    bool m_weightsAuto = true;  // weights were chosen by default, not by the user
    bool m_silent = false;      // setRequest() in progress: do not emit
    // The custom layout in the fields has not been confirmed with "Load layout" yet.
    bool m_layoutPending = false;
    std::optional<ds::DenseNetConfig> m_loaded;  // the config of the model last loaded
    std::optional<ds::ui::ModelInfo> m_info;     // and what it was (setLoaded)
};

}  // namespace ds::ui
