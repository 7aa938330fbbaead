#pragma once
// Help → Guide: what a DenseNet is and how to read each panel, with pictures drawn from the
// loaded configuration (lib/present/guide_diagrams.h). A non-modal window that follows the
// main window's font (zoom) and redraws its pictures when the model or the font changes.
#include <QDialog>
#include <QImage>

#include "densescope/config.h"

class QTextBrowser;

namespace ds::ui {

class GuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuideDialog(QWidget* parent = nullptr);

    // The configuration whose numbers and pictures the guide shows.
    void setModel(const ds::DenseNetConfig& config, const ds::ModelSummary& summary);
    QTextBrowser* browser() const { return m_browser; }
    QString html() const;  // the guide's text, built for the current model
    QString analysesHtml() const;  // the analysis tabs, Teach and live mode
    QString lessonHtml() const;    // lesson mode and its keys

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();

    QTextBrowser* m_browser = nullptr;
    ds::DenseNetConfig m_config;
    ds::ModelSummary m_summary;
    QImage m_network;  // the pictures, drawn by rebuild() for the current font
    QImage m_concatenation;
};

}  // namespace ds::ui
