import axios from 'axios';

interface Customer {
  id: string;
  name: string;
}

// The instance carries a default deadline for every request made through it.
const http = axios.create({
  baseURL: 'https://crm.example.com/api',
  timeout: 8_000,
});

export async function getCustomer(id: string): Promise<Customer> {
  const { data } = await http.get<Customer>(`/customers/${encodeURIComponent(id)}`);
  return data;
}

export async function renameCustomer(id: string, name: string): Promise<void> {
  await http.patch(`/customers/${encodeURIComponent(id)}`, { name });
}

export async function searchCustomers(query: string, signal: AbortSignal): Promise<Customer[]> {
  const { data } = await http.get<Customer[]>('/customers', { params: { q: query }, signal });
  return data;
}
