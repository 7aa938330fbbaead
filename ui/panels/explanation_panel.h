#pragma once
// The Explanation dock: what the selected layer does, in plain language with the numbers of
// the loaded configuration (lib/present/explanation.h). It follows the one selection and the
// loaded model; its text follows the window's font (zoom).
#include <QWidget>

#include <optional>

#include "densescope/config.h"

class QTextBrowser;

namespace ds::ui {

class ExplanationPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget* parent = nullptr);

    // The loaded model; the shown layer is explained again with its numbers.
    void setModel(const ds::DenseNetConfig& config, const ds::ModelSummary& summary);
    // Explains `layer`; an empty or unknown name shows a hint instead.
    void setLayer(const QString& layer);

    QString layer() const { return m_layer; }
    QString text() const;  // what is shown, as plain text
    QTextBrowser* browser() const { return m_browser; }

private:
    void refresh();

    QTextBrowser* m_browser = nullptr;
    std::optional<ds::DenseNetConfig> m_config;
    ds::ModelSummary m_summary;
    QString m_layer;
};

}  // namespace ds::ui
