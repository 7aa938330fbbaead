#include "explanation_panel.h"

#include <QTextBrowser>
#include <QVBoxLayout>

#include "explanation.h"
#include "retranslate.h"

namespace ds::ui {

ExplanationPanel::ExplanationPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("explanationPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("explanationText"));
    m_browser->setOpenLinks(false);
    // Text only: the document's default font is the widget's, so zoom (the window's font)
    // reaches it without any code here.
    m_browser->setFrameShape(QFrame::NoFrame);
    m_browser->document()->setDocumentMargin(6);
    layout->addWidget(m_browser);
    onLanguageChange(this, [this] { refresh(); });  // explain() words it in the language shown
}

void ExplanationPanel::setModel(const ds::DenseNetConfig& config, const ds::ModelSummary& summary) {
    m_config = config;
    m_summary = summary;
    refresh();
}

void ExplanationPanel::setLayer(const QString& layer) {
    m_layer = layer;
    refresh();
}

QString ExplanationPanel::text() const {
    return m_browser->toPlainText().replace(QChar::Nbsp, QLatin1Char(' '));
}

void ExplanationPanel::refresh() {
    if (!m_config) {
        m_browser->setHtml(
            tr("<p>The explanation of the selected layer appears here once the "
               "model has loaded.</p>"));
        return;
    }
    if (m_layer.isEmpty() || !m_summary.find(m_layer.toStdString())) {
        m_browser->setHtml(
            tr("<p>Select a layer in the Network tree, the Layers table or the "
               "Channel growth chart to see what it does, with its numbers.</p>"));
        return;
    }
    m_browser->setHtml(explain(*m_config, m_summary, m_layer).html());
}

}  // namespace ds::ui
