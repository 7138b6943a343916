using System;
using System.Threading.Tasks;

namespace Desktop;

public partial class MainWindow
{
    private readonly IInventoryService _inventory;

    public MainWindow(IInventoryService inventory) => _inventory = inventory;

    private async void OnRefreshClicked(object sender, EventArgs e)
    {
        try
        {
            await _inventory.RefreshAsync();
        }
        catch (Exception ex)
        {
            ShowError(ex.Message);
        }
    }

    public async void LoadData() // expect: async-void
    {
        await _inventory.RefreshAsync();
    }

    private void ShowError(string message) => Console.Error.WriteLine(message);
}

public interface IInventoryService
{
    Task RefreshAsync();
}
