#pragma once
// Asks for a custom DenseNet layout (growth rate, blocks, initial features, compression,
// bn_size) to add to the growth-chart comparison. Invalid values are explained in place
// (DenseNetConfig::validate) and OK stays disabled until the layout is valid.
#include <QDialog>

#include "densescope/config.h"

class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ds::ui {

class CustomLayoutDialog : public QDialog {
    Q_OBJECT
public:
    explicit CustomLayoutDialog(QWidget* parent = nullptr);

    void setConfig(const ds::DenseNetConfig& config);
    // The layout as entered (name "custom"); valid when the dialog was accepted.
    ds::DenseNetConfig config() const;
    QString errorText() const;  // why the layout is refused (empty when valid)

private:
    void revalidate();

    QSpinBox* m_growthRate = nullptr;
    QLineEdit* m_blocks = nullptr;
    QSpinBox* m_initFeatures = nullptr;
    QDoubleSpinBox* m_compression = nullptr;
    QSpinBox* m_bnSize = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace ds::ui
