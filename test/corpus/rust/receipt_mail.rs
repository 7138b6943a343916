async fn send_receipt(order_id: u64) -> Result<(), String> {
    println!("receipt for {order_id}");
    Ok(())
}

async fn mark_paid(order_id: u64) -> Result<(), String> {
    println!("paid {order_id}");
    Ok(())
}

pub async fn on_payment(order_id: u64) -> Result<(), String> {
    mark_paid(order_id).await?;
    let receipt = send_receipt(order_id); // expect: missing-await
    println!("order {order_id} settled");
    Ok(())
}
