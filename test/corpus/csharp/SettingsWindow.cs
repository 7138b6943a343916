using System;
using System.Threading.Tasks;

namespace Desktop;

public class SettingsWindow
{
    private readonly ISettingsApi _api;

    public SettingsWindow(ISettingsApi api) => _api = api;

    private async void SaveButton_Click(object sender, EventArgs e)
    {
        try
        {
            await _api.SaveAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"save failed: {ex}");
        }
    }
}

public interface ISettingsApi { Task SaveAsync(); }
