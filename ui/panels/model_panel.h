#pragma once
// The model panel: variant (named or custom layout), weights (random + seed, a file,
// imagenet from the torch hub cache) and device, with parameters, MACs and the weights
// source at a glance. Invalid custom layouts are explained in place (DenseNetConfig::validate).
// It never loads anything itself: it emits requestChanged() and shows what the worker reports.
#include <QWidget>

#include "inference_worker.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLayout;
class QVBoxLayout;
class QLineEdit;
class QSpinBox;
class QTimer;
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
    // Chooses a weights file (dialog, drag-and-drop) and emits requestChanged().
    void setWeightsFile(const QString& path);

    // Path of the official ImageNet file for `config` when present, else an empty string and,
    // in *why, where to put it.
    static QString imagenetPath(const ds::DenseNetConfig& config, QString* why = nullptr);

public slots:
    void setLoaded(const ds::ui::ModelInfo& info);  // what the worker actually loaded
    void setError(const QString& message);      // shown in red; empty clears it

signals:
    void requestChanged(const ds::ui::ModelRequest& request);

private:
    QWidget* buildCustomGroup();
    QLayout* buildWeightsRows(QLayout** fileRow);  // returns the kind + seed row
    QLayout* buildDeviceRow();
    void buildInfoLabels(QVBoxLayout* layout);
    void connectControls();
    void onVariantChanged();
    void onWeightsKindChanged();
    void onCustomEdited();
    void browseWeights();
    void updateImagenetItem();
    void updateVisibility();
    void updateSummary();
    void emitIfValid();

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
    QComboBox* m_device = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_weightsLabel = nullptr;
    QLabel* m_error = nullptr;
    QTimer* m_debounce = nullptr;
    int m_lastWeights = 0;      // weights combo index of the last request (restored on cancel)
    bool m_weightsAuto = true;  // weights were chosen by default, not by the user
    bool m_silent = false;      // setRequest() in progress: do not emit
};

}  // namespace ds::ui
