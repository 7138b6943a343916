using System;
using System.Net.Http;
using System.Windows.Forms;

namespace WeatherDesk;

/// WinForms event handlers have to be `async void`; each one catches and
/// reports its own failures, so nothing escapes to the message loop.
public partial class MainForm : Form
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly Button _refresh = new() { Text = "Refresh" };
    private readonly Label _status = new();

    public MainForm()
    {
        Controls.Add(_refresh);
        Controls.Add(_status);
        _refresh.Click += OnRefreshClick;
    }

    private async void OnRefreshClick(object sender, EventArgs e)
    {
        _refresh.Enabled = false;
        try
        {
            var body = await Http.GetStringAsync("https://api.example.com/weather/today");
            _status.Text = body.Length > 80 ? body[..80] : body;
        }
        catch (Exception ex)
        {
            _status.Text = "Could not refresh";
            MessageBox.Show(this, ex.Message, "Weather", MessageBoxButtons.OK, MessageBoxIcon.Warning);
        }
        finally
        {
            _refresh.Enabled = true;
        }
    }
}
